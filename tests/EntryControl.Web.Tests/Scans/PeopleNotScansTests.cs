using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// A traveler scanned several times (a second tablet, a corrected temperature, back at the barrier) is one person: one
/// line on the checkpoint's "today" list, one arrival in the daily report.
/// </summary>
public sealed class PeopleNotScansTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Officer-pass-1";

    /// <summary>张三 and 李四 from 西安 (3天2检 with a landing test), two checkpoints, officers at each; 11-20 10:05.</summary>
    private async Task<(string Zhang, string Li)> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        foreach (var (code, email) in new[] { ("CP-LINHE-G7", "g7@test.entrycontrol.cn"), ("CP-LINHE-RAIL", "rail@test.entrycontrol.cn") })
        {
            (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code, name = code, kind = "road", region = "150802" })).EnsureSuccessStatusCode();
            (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role = "checkpointOfficer", checkpoint = code })).EnsureSuccessStatusCode();
        }

        var zhang = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        var liBody = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(idNumber: "11010519491231002X"), TestJson.Options)!;
        liBody["traveler"]!["name"] = "李四";
        var li = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", liBody)).AssertJsonAsync(HttpStatusCode.Created);
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        return (zhang.GetProperty("code").GetString()!, li.GetProperty("code").GetString()!);
    }

    private static async Task<Guid> ScanAsync(HttpClient officer, string code, string checkpoint = "CP-LINHE-G7")
    {
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint, temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        return scan.GetProperty("scanId").GetGuid();
    }

    private static async Task OutcomeAsync(HttpClient officer, Guid scanId, string tube) =>
        (await officer.PostAsJsonAsync($"/api/v1/scans/{scanId}/outcome", new { outcome = "landingTestTaken", tubeNumber = tube }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

    [Fact]
    public async Task The_today_list_shows_each_traveler_once_as_their_latest_scan_left_them()
    {
        var (zhang, li) = await ArrangeAsync();
        var officer = await App.ClientForAsync("g7@test.entrycontrol.cn", Password);
        // 张三: scanned, action recorded, scanned twice more (the last still open). 李四: scanned three times, then the action.
        await OutcomeAsync(officer, await ScanAsync(officer, zhang), "T-0001");
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync(officer, zhang);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync(officer, zhang);
        await ScanAsync(officer, li);
        await ScanAsync(officer, li);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await OutcomeAsync(officer, await ScanAsync(officer, li), "T-0002");

        var browser = await App.BrowserForAsync("g7@test.entrycontrol.cn", Password);
        var page = Html.Parse(await browser.GetStringAsync("/checkpoint", TestContext.Current.CancellationToken));

        var lines = page.QuerySelectorAll("[data-testid=scan-line]").Select(l => string.Join('|', l.QuerySelectorAll("td").Select(c => c.TextContent.Trim()))).ToList();
        Assert.Equal(["10:08|李四 ×3||3天2检|已落地检", "10:07|张三 ×3||3天2检|待处置"], lines);
        Assert.Equal("共 2 人", page.QuerySelector("[data-testid=count-total]")?.TextContent.Trim());
        Assert.Equal("待处置 1", page.QuerySelector("[data-testid=count-pending]")?.TextContent.Trim());
        Assert.Equal("已落地检 1", page.QuerySelector("[data-testid=count-landingTestTaken]")?.TextContent.Trim());
    }

    [Fact]
    public async Task Three_scans_of_one_traveler_are_one_arrival_in_the_daily_report()
    {
        var (zhang, li) = await ArrangeAsync();
        var g7 = await App.ClientForAsync("g7@test.entrycontrol.cn", Password);
        var rail = await App.ClientForAsync("rail@test.entrycontrol.cn", Password);
        await ScanAsync(g7, zhang);
        await ScanAsync(g7, zhang);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await OutcomeAsync(g7, await ScanAsync(g7, zhang), "T-0001");
        // 李四 is scanned at both checkpoints: an arrival at each, one traveler in the day's total.
        await ScanAsync(g7, li);
        await ScanAsync(rail, li, "CP-LINHE-RAIL");

        var command = await App.StaffClientAsync("commandCenter");
        var report = await (await command.GetAsync("/api/v1/reports/daily?date=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, report.GetProperty("arrivals").GetInt32());
        var checkpoints = report.GetProperty("checkpoints").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        var atG7 = checkpoints["CP-LINHE-G7"];
        Assert.Equal(2, atG7.GetProperty("arrivals").GetInt32());
        Assert.Equal(1, atG7.GetProperty("outcomes").GetProperty("landingTestTaken").GetInt32());
        Assert.Equal(1, atG7.GetProperty("outcomes").GetProperty("pending").GetInt32());
        Assert.Equal(1, checkpoints["CP-LINHE-RAIL"].GetProperty("arrivals").GetInt32());
        Assert.Equal(2, report.GetProperty("measures").GetProperty("threeDayTwoTests").GetInt32());
        var community = Assert.Single(report.GetProperty("communities").EnumerateArray());
        Assert.Equal(2, community.GetProperty("arrivals").GetInt32());

        var trend = await (await command.GetAsync("/api/v1/reports/trend?to=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, trend.EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2022-11-20").GetProperty("arrivals").GetInt32());
    }
}
