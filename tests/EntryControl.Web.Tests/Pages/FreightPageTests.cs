using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

/// <summary>Seed 001 九 on the pages: the wizard's transit box and receipt fields, the console's exit switch, the command center's list.</summary>
public sealed class FreightPageTests(EntryControlApp app) : AppTest(app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private async Task SeedAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-WUYUAN-G7", name = "京新高速五原卡口", kind = "road", region = "150821" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        foreach (var (email, checkpoint) in new[] { ("g7@test.entrycontrol.cn", "CP-LINHE-G7"), ("wuyuan@test.entrycontrol.cn", "CP-WUYUAN-G7") })
        {
            (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = "Officer-pass-1", role = "checkpointOfficer", checkpoint }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task The_wizard_declares_a_transit_driver_with_a_receipt_by_the_entry_checkpoint_without_community_or_address()
    {
        await SeedAsync();
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = Html.Parse(await browser.GetStringAsync("/declare", TestContext.Current.CancellationToken));
        Assert.NotNull(page.QuerySelector("[data-testid=transit]"));
        Assert.NotNull(page.QuerySelector("[data-testid=receipt-fields]"));
        var fields = new Dictionary<string, string>
        {
            ["Declaration.Traveler.Name"] = "赵六",
            ["Declaration.Traveler.IdType"] = "residentId",
            ["Declaration.Traveler.IdNumber"] = DeclarationApiTests.ValidResidentId,
            ["Declaration.Traveler.Phone"] = "13900000000",
            ["Declaration.Transit"] = "true",
            ["Declaration.Checkpoint"] = "CP-LINHE-G7",
            ["Input.ArrivalDate"] = "2022-11-18",
            ["Input.ArrivalTime"] = "10:00",
            ["Input.HomeIsolationFeasible"] = "true",
            ["Input.Occupation"] = "none",
            ["Input.TravelerType"] = "freightDriver",
            ["Declaration.VehiclePlate"] = "蒙B12345",
            ["Declaration.VehicleCompany"] = "包头物流",
            ["Declaration.ReceiptCompany"] = "临河区粮油公司",
            ["Declaration.ReceiptNumber"] = "JS-9",
            ["Declaration.Attestation"] = "true",
            ["Step"] = "4",
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(page.DocumentElement.OuterHtml),
        };

        var submitted = await browser.PostAsync("/declare?handler=Submit", new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var stored = await App.WithDbAsync(db => db.Declarations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal((true, "CP-LINHE-G7", null, "150802", "JS-9", "临河区粮油公司"),
            (stored.Transit, stored.EntryCheckpointCode, stored.CommunityCode, stored.Destination, stored.ReceiptNumber, stored.ReceiptCompany));
        // The traveler's own page opens for a declaration without a community.
        var own = await browser.GetAsync(submitted.Headers.Location!.ToString(), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task The_console_shows_the_receipt_and_its_exit_switch_records_the_exit()
    {
        await SeedAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            FreightReceiptTests.Freight("2022-11-18T10:00:00+08:00", receipt: new { company = "临河区粮油公司", number = "JS-1" }, transit: true, checkpoint: "CP-LINHE-G7", community: null),
            TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        App.Clock.Set(new DateTimeOffset(2022, 11, 18, 10, 0, 0, China));

        var entryOfficer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var token = Html.AntiforgeryToken(await entryOfficer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        var entered = await (await entryOfficer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code,
            ["Direction"] = "entry",
            ["Temperature"] = "36.5",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("接收证明： 临河区粮油公司 · JS-1", entered.QuerySelector("[data-testid=receipt]")?.TextContent.Trim());
        Assert.NotNull(entered.QuerySelector("[data-testid=transit]"));

        App.Clock.Set(new DateTimeOffset(2022, 11, 18, 15, 0, 0, China));
        var exitOfficer = await App.BrowserForAsync("wuyuan@test.entrycontrol.cn", "Officer-pass-1");
        token = Html.AntiforgeryToken(await exitOfficer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        var left = await (await exitOfficer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code,
            ["Direction"] = "exit",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.NotNull(left.QuerySelector("[data-testid=exit-recorded]"));
        Assert.Null(left.QuerySelector("[data-testid=action]"));
        Assert.Equal("checked", left.QuerySelector("#direction-exit")?.GetAttribute("checked"));
        var exit = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync(s => s.CheckpointCode == "CP-WUYUAN-G7", TestContext.Current.CancellationToken));
        Assert.Equal(ScanDirection.Exit, exit.Direction);
    }

    [Fact]
    public async Task The_command_center_page_lists_transit_drivers_who_overstayed()
    {
        await SeedAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            FreightReceiptTests.Freight("2022-11-20T10:00:00+08:00", transit: true, checkpoint: "CP-LINHE-G7", community: null), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 0, 0, China));
        var officer = await App.ClientForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code = created.GetProperty("code").GetString(), checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "command@test.entrycontrol.cn", password = "Command-pass-1", role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var command = await App.BrowserForAsync("command@test.entrycontrol.cn", "Command-pass-1");
        var before = await (await command.GetAsync("/command", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.NotNull(before.QuerySelector("[data-testid=transit-overdue-none]"));

        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 12, 0, 0, China));
        command = await App.BrowserForAsync("command@test.entrycontrol.cn", "Command-pass-1");
        var after = await (await command.GetAsync("/command", TestContext.Current.CancellationToken)).ParseAsync();
        var line = Assert.Single(after.QuerySelectorAll("[data-testid=transit-overdue-line]"));
        Assert.Contains("赵六", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("蒙B12345", line.TextContent, StringComparison.Ordinal);
        Assert.Contains("26", line.TextContent, StringComparison.Ordinal);
    }
}
