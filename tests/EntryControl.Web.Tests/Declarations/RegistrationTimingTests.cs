using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>
/// policies.md, "Registration timing": a declaration made at or after arrival, a walk-in included, is late under every
/// policy, also under Erenhot's, which has no advance period (any time before arrival is on time).
/// </summary>
public sealed class RegistrationTimingTests(EntryControlApp app) : AppTest(app)
{
    private const string ErenhotCommunity = "152501001001";

    private static object Erenhot(string arrivalAt, string idNumber = DeclarationApiTests.ValidResidentId) => new
    {
        traveler = new { name = "张三", idType = "residentId", idNumber, phone = "13800000000" },
        community = ErenhotCommunity,
        address = "二连浩特市前进路 1 号",
        trip = new
        {
            arrivalAt,
            stays = new[] { new { region = "150202", from = "2022-11-14", to = "2022-11-16" } },
            occupation = "none",
            travelerType = "person",
            homeIsolationFeasible = true,
        },
        attestation = true,
    };

    private async Task SeedErenhotAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = ErenhotCommunity, name = "前进社区", region = "152501" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-ERENHOT-PORT", name = "二连浩特公路口岸", kind = "port", region = "152501" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Under_Erenhot_a_declaration_an_hour_ahead_is_on_time_and_one_made_after_the_arrival_instant_is_late()
    {
        await SeedErenhotAsync();
        var traveler = App.CreateClient();

        // The test clock stands at 2022-11-17 10:00 China time.
        var ahead = await (await traveler.PostAsJsonAsync("/api/v1/declarations", Erenhot("2022-11-17T11:00:00+08:00"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var after = await (await traveler.PostAsJsonAsync("/api/v1/declarations", Erenhot("2022-11-17T09:30:00+08:00", "110105201501010017"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var atArrival = await (await traveler.PostAsJsonAsync("/api/v1/declarations", Erenhot("2022-11-17T10:00:00+08:00", "110101199003074477"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal("erenhot-2021-63", ahead.GetProperty("decision").GetProperty("policy").GetProperty("id").GetString());
        Assert.Equal("onTime", ahead.GetProperty("registration").GetString());
        Assert.Equal("late", after.GetProperty("registration").GetString());
        Assert.Equal("late", atArrival.GetProperty("registration").GetString());
    }

    [Fact]
    public async Task An_Erenhot_walk_in_registered_by_an_officer_is_late_and_the_console_says_so()
    {
        await SeedErenhotAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "port@test.entrycontrol.cn", password = "Officer-pass-1", role = "checkpointOfficer", checkpoint = "CP-ERENHOT-PORT" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.BrowserForAsync("port@test.entrycontrol.cn", "Officer-pass-1");
        var token = Html.AntiforgeryToken(await officer.GetStringAsync("/checkpoint/walk-in", TestContext.Current.CancellationToken));

        var saved = await officer.PostAsync("/checkpoint/walk-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Declaration.Traveler.Name"] = "钱七",
            ["Declaration.Traveler.IdType"] = "residentId",
            ["Declaration.Traveler.IdNumber"] = DeclarationApiTests.ValidResidentId,
            ["Declaration.Traveler.Phone"] = "13700000000",
            ["Declaration.Community"] = ErenhotCommunity,
            ["Declaration.Address"] = "二连浩特市前进路 3 号",
            ["Declaration.Attestation"] = "true",
            ["Input.Stays[0].Region"] = "150202",
            ["Input.Stays[0].From"] = "2022-11-14",
            ["Input.Stays[0].To"] = "2022-11-16",
            ["Input.HomeIsolationFeasible"] = "true",
            ["Temperature"] = "36.5",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await App.WithDbAsync(db => db.Declarations.SingleAsync());
        Assert.Equal(RegistrationTiming.Late, stored.Registration);
        var scan = await (await (await App.ClientForAsync("port@test.entrycontrol.cn", "Officer-pass-1"))
            .PostAsJsonAsync("/api/v1/scans", new { code = stored.Code, checkpoint = "CP-ERENHOT-PORT" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("late", scan.GetProperty("registration").GetString());
        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{stored.Code}", TestContext.Current.CancellationToken));
        Assert.Equal("迟报", page.QuerySelector("[data-testid=registration]")?.TextContent);
    }
}
