using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// 严格查验健康码、行程卡 (seed 001 八): the officer records the health code's colour and the itinerary card's star with
/// the scan; a yellow or red code raises an alert and makes the recommended action stricter.
/// </summary>
public sealed class HealthCodeScanTests(EntryControlApp app) : AppTest(app)
{
    private const string OfficerEmail = "officer-g7@test.entrycontrol.cn";
    private const string OfficerPassword = "Officer-pass-1";
    private const string Checkpoint = "CP-LINHE-G7";

    /// <summary>
    /// Two travelers arriving on 11-20 at 10:00, scanned at 10:05: one from 包头 (inside Inner Mongolia: free movement, no
    /// landing test, so released on the decision alone), one from 西安雁塔区 (3天2检 with a landing test).
    /// </summary>
    private async Task<(HttpClient Officer, string FromBaotou, string FromXian)> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = Checkpoint })).EnsureSuccessStatusCode();
        var baotou = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(stayRegion: "150202"))).AssertJsonAsync(HttpStatusCode.Created);
        var xian = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(idNumber: "11010519491231002X"))).AssertJsonAsync(HttpStatusCode.Created);
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        var officer = await App.ClientForAsync(OfficerEmail, OfficerPassword);
        return (officer, baotou.GetProperty("code").GetString()!, xian.GetProperty("code").GetString()!);
    }

    private static async Task<System.Text.Json.JsonElement> ScanAsync(HttpClient officer, object body) =>
        await (await officer.PostAsJsonAsync("/api/v1/scans", body, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task The_health_code_and_the_itinerary_star_are_recorded_with_the_scan()
    {
        var (officer, code, _) = await ArrangeAsync();

        var scan = await ScanAsync(officer, new { code, checkpoint = Checkpoint, temperatureCelsius = 36.5, healthCode = "green", itineraryStar = true });

        Assert.Equal("green", scan.GetProperty("healthCode").GetString());
        Assert.True(scan.GetProperty("itineraryStar").GetBoolean());
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal((EntryControl.Rules.HealthCode.Green, true), (stored.HealthCode, stored.ItineraryStar));
        Assert.Equal(0, await App.WithDbAsync(db => db.Alerts.CountAsync()));
    }

    [Fact]
    public async Task Without_a_colour_nothing_is_recorded_and_the_decision_alone_recommends()
    {
        var (officer, code, _) = await ArrangeAsync();

        var scan = await ScanAsync(officer, new { code, checkpoint = Checkpoint, temperatureCelsius = 36.5 });

        Assert.Equal("released", scan.GetProperty("recommendedOutcome").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, scan.GetProperty("healthCode").ValueKind);
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal((null, null), (stored.HealthCode, stored.ItineraryStar));
    }

    [Theory]
    [InlineData("purple")]
    [InlineData("Green")]
    [InlineData("1")]
    [InlineData("")]
    public async Task A_colour_the_api_does_not_name_is_a_400_naming_the_field(string colour)
    {
        var (officer, code, _) = await ArrangeAsync();

        var problem = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = Checkpoint, healthCode = colour }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("healthCode");

        Assert.Contains("green", problem.GetProperty("errors").GetProperty("healthCode")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task An_itinerary_star_that_is_not_a_boolean_is_a_400_naming_the_field()
    {
        var (officer, code, _) = await ArrangeAsync();

        await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = Checkpoint, itineraryStar = "yes" }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("itineraryStar");
    }

    [Fact]
    public async Task A_red_code_is_never_released_even_when_the_decision_alone_would_release()
    {
        var (officer, fromBaotou, fromXian) = await ArrangeAsync();

        var green = await ScanAsync(officer, new { code = fromBaotou, checkpoint = Checkpoint, temperatureCelsius = 36.5, healthCode = "green" });
        var red = await ScanAsync(officer, new { code = fromBaotou, checkpoint = Checkpoint, temperatureCelsius = 36.5, healthCode = "red" });
        var redWithLandingTest = await ScanAsync(officer, new { code = fromXian, checkpoint = Checkpoint, temperatureCelsius = 36.5, healthCode = "red" });
        var redWithFever = await ScanAsync(officer, new { code = fromXian, checkpoint = Checkpoint, temperatureCelsius = 38.2, healthCode = "red" });

        Assert.Equal("released", green.GetProperty("recommendedOutcome").GetString());
        Assert.Equal("transferredToQuarantine", red.GetProperty("recommendedOutcome").GetString());
        Assert.Equal("transferredToQuarantine", redWithLandingTest.GetProperty("recommendedOutcome").GetString());
        // A fever goes to the fever clinic first; the clinic hands over to quarantine.
        Assert.Equal("referredToClinic", redWithFever.GetProperty("recommendedOutcome").GetString());
    }

    [Fact]
    public async Task A_yellow_code_is_sampled_on_the_spot_rather_than_released()
    {
        var (officer, fromBaotou, fromXian) = await ArrangeAsync();

        var yellow = await ScanAsync(officer, new { code = fromBaotou, checkpoint = Checkpoint, temperatureCelsius = 36.5, healthCode = "yellow" });
        var yellowWithFever = await ScanAsync(officer, new { code = fromXian, checkpoint = Checkpoint, temperatureCelsius = 38.2, healthCode = "yellow" });

        Assert.Equal("landingTestTaken", yellow.GetProperty("recommendedOutcome").GetString());
        Assert.Equal("referredToClinic", yellowWithFever.GetProperty("recommendedOutcome").GetString());
    }

    [Fact]
    public async Task A_yellow_code_raises_one_alert_a_day_that_the_community_and_the_command_center_see()
    {
        var (officer, code, _) = await ArrangeAsync();

        await ScanAsync(officer, new { code, checkpoint = Checkpoint, healthCode = "yellow" });
        await ScanAsync(officer, new { code, checkpoint = Checkpoint, healthCode = "red" });

        var commandCenter = await App.StaffClientAsync("commandCenter");
        var alerts = await (await commandCenter.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal("healthCodeNotGreen", alert.GetProperty("kind").GetString());
        Assert.Equal("150802001001", alert.GetProperty("community").GetString());
        var worker = await App.StaffClientAsync("communityWorker", communities: ["150802001001"]);
        var seen = await (await worker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("healthCodeNotGreen", Assert.Single(seen.EnumerateArray()).GetProperty("kind").GetString());

        // The next day the same colour is news again.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 9, 0, 0, TimeSpan.FromHours(8)));
        officer = await App.ClientForAsync(OfficerEmail, OfficerPassword);
        await ScanAsync(officer, new { code, checkpoint = Checkpoint, healthCode = "yellow" });
        Assert.Equal(2, await App.WithDbAsync(db => db.Alerts.CountAsync(a => a.Kind == AlertKind.HealthCodeNotGreen)));
    }

    [Fact]
    public async Task A_green_code_raises_no_alert()
    {
        var (officer, code, _) = await ArrangeAsync();

        await ScanAsync(officer, new { code, checkpoint = Checkpoint, healthCode = "green", itineraryStar = false });

        Assert.Equal(0, await App.WithDbAsync(db => db.Alerts.CountAsync()));
    }
}

public sealed class HealthCodeConsoleTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task The_console_sends_the_chosen_colour_shows_it_beside_the_decision_and_clears_it_for_the_next_traveler()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "g7@test.entrycontrol.cn", password = "Officer-pass-1", role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(stayRegion: "150202"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        var officer = await App.BrowserForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        var form = Html.Parse(await officer.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));
        Assert.Equal(["green", "yellow", "red"], form.QuerySelectorAll("input[name=HealthCode]").Select(i => i.GetAttribute("value")!));
        Assert.Empty(form.QuerySelectorAll("input[name=HealthCode][checked]"));
        var token = Html.AntiforgeryToken(form.DocumentElement.OuterHtml);

        var page = await (await officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = created.GetProperty("code").GetString()!,
            ["Temperature"] = "36.5",
            ["HealthCode"] = "red",
            ["ItineraryStar"] = "true",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("transferredToQuarantine", page.QuerySelector("[data-testid=action]")?.GetAttribute("data-recommended"));
        Assert.Equal("红码", page.QuerySelector("[data-testid=action] [data-testid=health-code]")?.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=action] [data-testid=itinerary-star]"));
        Assert.Equal("红码", page.QuerySelector("[data-testid=scan-line] [data-testid=line-health-code]")?.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("input[name=HealthCode][checked]"));
        Assert.Null(page.QuerySelector("input[name=ItineraryStar][checked]"));
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal((EntryControl.Rules.HealthCode.Red, true), (stored.HealthCode, stored.ItineraryStar));

        var invalid = await (await officer.PostAsync("/checkpoint?handler=Scan", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = created.GetProperty("code").GetString()!,
            ["HealthCode"] = "blue",
            ["Temperature"] = "36.5",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("green", invalid.QuerySelector("[data-valmsg-for=HealthCode]")?.TextContent, StringComparison.Ordinal);
    }
}
