using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class CheckpointConsoleTests(EntryControlApp app) : AppTest(app)
{
    private async Task<string> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        foreach (var (code, name) in new[] { ("CP-LINHE-G7", "京新高速临河收费站卡口"), ("CP-LINHE-RAIL", "临河火车站") })
        {
            (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code, name, kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        }

        foreach (var (email, checkpoint) in new[] { ("g7@test.entrycontrol.cn", "CP-LINHE-G7"), ("rail@test.entrycontrol.cn", "CP-LINHE-RAIL") })
        {
            (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = "Officer-pass-1", role = "checkpointOfficer", checkpoint })).EnsureSuccessStatusCode();
        }

        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task An_officer_checks_a_traveler_records_the_action_and_sees_it_in_today_list_which_other_checkpoints_do_not()
    {
        var code = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var token = Html.AntiforgeryToken(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));

        var checkedPage = await (await officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code,
            ["Temperature"] = "36.5",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        var panel = checkedPage.QuerySelector("[data-testid=action]");
        // The declared stay in Xi'an is outside Inner Mongolia: Bayannur clause 七 asks for a landing test.
        Assert.Equal("landingTestTaken", panel?.GetAttribute("data-recommended"));
        Assert.Equal("落地检：采样后放行（即采即走即追）", checkedPage.QuerySelector("[data-testid=recommended]")?.TextContent.Trim());
        var scanId = checkedPage.QuerySelector("input[name=scanId]")!.GetAttribute("value")!;

        var recorded = await (await officer.PostAsync("/checkpoint?handler=Outcome", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["scanId"] = scanId,
            ["outcome"] = "landingTestTaken",
            ["tubeNumber"] = "T-0001",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.NotNull(recorded.QuerySelector("[data-testid=recorded]"));
        Assert.Single(recorded.QuerySelectorAll("[data-testid=scan-line]"));
        Assert.Equal("已落地检 1", recorded.QuerySelector("[data-testid=count-landingTestTaken]")?.TextContent.Trim());

        var other = await App.BrowserForAsync("rail@test.entrycontrol.cn", "Officer-pass-1");
        var otherPage = Html.Parse(await other.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        Assert.Empty(otherPage.QuerySelectorAll("[data-testid=scan-line]"));
    }

    [Fact]
    public async Task An_officer_finds_a_traveler_by_the_passport_number_typed_in_lower_case()
    {
        await ArrangeAsync();
        var body = DeclarationApiTests.Body();
        var passport = new
        {
            traveler = new { name = "Anna Müller", idType = "passport", idNumber = "C12345678", phone = "13800000009" },
            community = "150802001001",
            address = "临河区新华街 2 号",
            trip = body.GetType().GetProperty("trip")!.GetValue(body),
            attestation = true,
        };
        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", passport, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var token = Html.AntiforgeryToken(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));

        var page = await (await officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = " c12345678 ",
            ["Temperature"] = "36.5",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.NotNull(page.QuerySelector("[data-testid=action]"));
        Assert.Contains("Anna Müller", page.QuerySelector("[data-testid=action]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_names_its_checkpoint_and_takes_no_scan_without_a_temperature_or_the_reason_it_was_not_taken()
    {
        var code = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var console = Html.Parse(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        Assert.Equal("京新高速临河收费站卡口", console.QuerySelector("[data-testid=checkpoint]")?.TextContent.Trim());
        var token = Html.AntiforgeryToken(console.DocumentElement.OuterHtml);

        Task<AngleSharp.Html.Dom.IHtmlDocument> ScanAsync(Dictionary<string, string> fields) =>
            officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["Code"] = code, ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken)
                .ContinueWith(t => t.Result.ParseAsync(), TaskScheduler.Default).Unwrap();

        var refused = await ScanAsync([]);
        Assert.Contains("请测量并填写体温", refused.QuerySelector("[data-testid=temperature-error]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(refused.QuerySelector("[data-testid=action]"));
        var ticked = await ScanAsync(new() { ["NotMeasured"] = "true", ["NotMeasuredReason"] = "" });
        Assert.Null(ticked.QuerySelector("[data-testid=action]"));
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync(TestContext.Current.CancellationToken)));

        var withReason = await ScanAsync(new() { ["NotMeasured"] = "true", ["NotMeasuredReason"] = "测温枪故障，已报修" });
        Assert.NotNull(withReason.QuerySelector("[data-testid=action]"));
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal((null, "测温枪故障，已报修"), (scan.TemperatureCelsius, scan.TemperatureNotMeasured));
    }

    [Fact]
    public async Task An_unknown_code_tells_the_officer_to_register_a_walk_in()
    {
        await ArrangeAsync();
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var token = Html.AntiforgeryToken(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));

        var page = await (await officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "no-such-code",
            ["Temperature"] = "36.4",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Contains("现场补录", page.QuerySelector("[data-testid=not-found]")?.TextContent, StringComparison.Ordinal);
        // What was typed goes to the walk-in form in a posted field, never in its address.
        var handOver = page.QuerySelector("[data-testid=not-found] form");
        Assert.Equal("post", handOver?.GetAttribute("method"));
        Assert.DoesNotContain("no-such-code", handOver?.GetAttribute("action"), StringComparison.Ordinal);
        Assert.Equal("no-such-code", handOver?.QuerySelector("input[name=idNumber]")?.GetAttribute("value"));
    }
}

public sealed class WalkInPageTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task An_officer_registers_a_walk_in_carrying_what_the_console_had_and_the_console_opens_on_the_scan_done()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "g7@test.entrycontrol.cn", password = "Officer-pass-1", role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        // Opened from the console's "not found": the document number and temperature typed there come along.
        var consoleToken = Html.AntiforgeryToken(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        var form = await (await officer.PostAsync("/checkpoint/walk-in?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["idNumber"] = DeclarationApiTests.ValidResidentId,
            ["temperature"] = "36.7",
            ["__RequestVerificationToken"] = consoleToken,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal(DeclarationApiTests.ValidResidentId, form.QuerySelector("[name='Declaration.Traveler.IdNumber']")?.GetAttribute("value"));
        Assert.Equal("36.7", form.QuerySelector("[name=Temperature]")?.GetAttribute("value"));
        Assert.Equal("2022-11-17", form.QuerySelector("[name='Input.ArrivalDate']")?.GetAttribute("value"));
        Assert.Equal(3, form.QuerySelectorAll("[name$='.Region'][name^='Input.Stays']").Length);
        var token = Html.AntiforgeryToken(form.DocumentElement.OuterHtml);

        var saved = await officer.PostAsync("/checkpoint/walk-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Declaration.Traveler.Name"] = "钱七",
            ["Declaration.Traveler.IdType"] = "residentId",
            ["Declaration.Traveler.IdNumber"] = DeclarationApiTests.ValidResidentId,
            ["Declaration.Traveler.Phone"] = "13700000000",
            ["Declaration.Community"] = "150802001001",
            ["Declaration.Address"] = "临河区新华街 3 号",
            ["Declaration.Attestation"] = "true",
            ["Input.Stays[0].Region"] = "150202",
            ["Input.Stays[0].From"] = "2022-11-15",
            ["Input.Stays[0].To"] = "2022-11-16",
            ["Input.Stays[1].Region"] = "110101",
            ["Input.Stays[1].From"] = "2022-11-16",
            ["Input.Stays[1].To"] = "2022-11-17",
            ["Input.ArrivalDate"] = "2022-11-17",
            ["Input.ArrivalTime"] = "09:30",
            ["Temperature"] = "36.7",
            ["HomeIsolationFeasible"] = "true",
            ["Input.HomeIsolationFeasible"] = "true",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.ToString();
        Assert.StartsWith("/checkpoint?code=", location, StringComparison.Ordinal);
        var console = Html.Parse(await officer.GetStringAsync(location, TestContext.Current.CancellationToken));
        var stored = await App.WithDbAsync(db => Task.FromResult(db.Declarations.Single()));
        Assert.Equal(stored.Code, console.QuerySelector("#Code")?.GetAttribute("value"));
        Assert.NotNull(stored.RegisteredBy);
        Assert.Equal(EntryControl.Web.Features.Declarations.RegistrationTiming.Late, stored.Registration);
        Assert.Equal(new DateTimeOffset(2022, 11, 17, 9, 30, 0, TimeSpan.FromHours(8)), stored.ArrivalAt);
        // Both stays count (Beijing is outside Inner Mongolia: clause 七's landing test), and the scan is done.
        Assert.Equal(2, await App.WithDbAsync(db => db.DeclarationStays.CountAsync(TestContext.Current.CancellationToken)));
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(36.7m, scan.TemperatureCelsius);
        Assert.Equal("landingTestTaken", console.QuerySelector("[data-testid=action]")?.GetAttribute("data-recommended"));
        Assert.Contains($"scan={scan.Id}", location, StringComparison.Ordinal);
    }
}
