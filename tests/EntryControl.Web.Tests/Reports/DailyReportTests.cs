using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Reports;

public sealed class DailyReportTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";

    /// <summary>
    /// A known day, 2022-11-20, in 临河区: three communities (新华, 解放, and 胜利 with nobody), three checkpoints (G7, the
    /// station, and the airport with nobody). 张三 (to 新华) is scanned at G7, gives a landing-test tube that comes back
    /// positive; 李四 (to 解放) has a fever at G7 and is referred; 解放's worker records 李四's 11-20 test.
    /// </summary>
    private async Task ArrangeDayAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        foreach (var (code, name) in new[] { ("150802001001", "新华社区"), ("150802001002", "解放社区"), ("150802001003", "胜利社区") })
        {
            (await admin.PostAsJsonAsync("/api/v1/communities", new { code, name, region = "150802" })).EnsureSuccessStatusCode();
        }

        foreach (var (code, name, kind) in new[] { ("CP-LINHE-G7", "临河收费站", "road"), ("CP-LINHE-RAIL", "临河火车站", "rail"), ("CP-LINHE-AIR", "巴彦淖尔天吉泰机场", "air") })
        {
            (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code, name, kind, region = "150802" })).EnsureSuccessStatusCode();
        }

        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "g7@test.entrycontrol.cn", password = Password, role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "jiefang@test.entrycontrol.cn", password = Password, role = "communityWorker", communities = new[] { "150802001002" } })).EnsureSuccessStatusCode();
        var zhang = await DeclareAsync(DeclarationApiTests.Body());
        var li = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(idNumber: "11010519491231002X"), TestJson.Options)!;
        li["community"] = "150802001002";
        li["traveler"]!["name"] = "李四";
        var liId = await DeclareAsync(li);

        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var officer = await App.ClientForAsync("g7@test.entrycontrol.cn", Password);
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = zhang, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.4 })).AssertJsonAsync(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "landingTestTaken", tubeNumber = "T-0001" })).EnsureSuccessStatusCode();
        scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = li["code"]!.GetValue<string>(), checkpoint = "CP-LINHE-G7", temperatureCelsius = 37.9 })).AssertJsonAsync(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "referredToClinic" })).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync("/api/v1/landing-tests/T-0001/result", new { result = "positive" })).EnsureSuccessStatusCode();

        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 18, 0, 0, TimeSpan.FromHours(8)));
        var worker = await App.ClientForAsync("jiefang@test.entrycontrol.cn", Password);
        (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = liId, date = "2022-11-20", kind = "nat", sampledAt = "2022-11-20T15:00:00+08:00", result = "negative" })).EnsureSuccessStatusCode();
    }

    private async Task<string> DeclareAsync(object body)
    {
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body)).AssertJsonAsync(HttpStatusCode.Created);
        if (body is System.Text.Json.Nodes.JsonNode node)
        {
            node["code"] = created.GetProperty("code").GetString();
            return created.GetProperty("id").GetString()!;
        }

        return created.GetProperty("code").GetString()!;
    }

    private static Dictionary<string, JsonElement> ByCode(JsonElement rows) =>
        rows.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);

    [Fact]
    public async Task The_daily_report_counts_a_known_day_and_lists_every_checkpoint_and_community_at_zero_too()
    {
        await ArrangeDayAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var report = await (await command.GetAsync("/api/v1/reports/daily?date=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, report.GetProperty("arrivals").GetInt32());
        var checkpoints = ByCode(report.GetProperty("checkpoints"));
        Assert.Equal(["CP-LINHE-AIR", "CP-LINHE-G7", "CP-LINHE-RAIL"], checkpoints.Keys.Order(StringComparer.Ordinal));
        var g7 = checkpoints["CP-LINHE-G7"];
        Assert.Equal(2, g7.GetProperty("arrivals").GetInt32());
        Assert.Equal(1, g7.GetProperty("outcomes").GetProperty("landingTestTaken").GetInt32());
        Assert.Equal(1, g7.GetProperty("outcomes").GetProperty("referredToClinic").GetInt32());
        Assert.Equal(0, g7.GetProperty("outcomes").GetProperty("released").GetInt32());
        Assert.Equal(0, checkpoints["CP-LINHE-AIR"].GetProperty("arrivals").GetInt32());
        Assert.All(checkpoints["CP-LINHE-AIR"].GetProperty("outcomes").EnumerateObject(), o => Assert.Equal(0, o.Value.GetInt32()));

        var measures = report.GetProperty("measures");
        Assert.Equal(1, measures.GetProperty("threeDayTwoTests").GetInt32());
        Assert.Equal(1, measures.GetProperty("medicalReferral").GetInt32());
        Assert.Equal(0, measures.GetProperty("centralizedQuarantine").GetInt32());
        Assert.Equal(8, measures.EnumerateObject().Count());
        var landing = report.GetProperty("landingTests");
        Assert.Equal((1, 0, 1, 0), (landing.GetProperty("taken").GetInt32(), landing.GetProperty("negative").GetInt32(), landing.GetProperty("positive").GetInt32(), landing.GetProperty("pending").GetInt32()));
        Assert.Equal(1, report.GetProperty("positives").GetInt32());

        var communities = ByCode(report.GetProperty("communities"));
        static int[] Figures(JsonElement row) =>
            [.. new[] { "arrivals", "underMeasure", "testsDue", "testsTaken", "overdue", "positives" }.Select(f => row.GetProperty(f).GetInt32())];
        Assert.Equal([1, 1, 1, 0, 0, 1], Figures(communities["150802001001"]));
        Assert.Equal([1, 1, 1, 1, 0, 0], Figures(communities["150802001002"]));
        Assert.Equal([0, 0, 0, 0, 0, 0], Figures(communities["150802001003"]));

        // The next day neither test of the 20th is overdue: 张三's landing test at the checkpoint fulfilled his, 李四's was taken.
        var nextDay = await (await command.GetAsync("/api/v1/reports/daily?date=2022-11-21", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var next = ByCode(nextDay.GetProperty("communities"));
        Assert.Equal(0, next["150802001001"].GetProperty("overdue").GetInt32());
        Assert.Equal(0, next["150802001002"].GetProperty("overdue").GetInt32());
        Assert.Equal(0, nextDay.GetProperty("arrivals").GetInt32());
    }

    [Fact]
    public async Task The_trend_covers_fourteen_days_ending_on_the_day()
    {
        await ArrangeDayAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var trend = await (await command.GetAsync("/api/v1/reports/trend?to=2022-11-21", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(14, trend.GetArrayLength());
        Assert.Equal("2022-11-08", trend[0].GetProperty("date").GetString());
        var day = trend.EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2022-11-20");
        Assert.Equal((2, 1, 1, 1), (day.GetProperty("arrivals").GetInt32(), day.GetProperty("landingTests").GetInt32(), day.GetProperty("testsTaken").GetInt32(), day.GetProperty("positives").GetInt32()));
        Assert.Equal(2, trend.EnumerateArray().Sum(d => d.GetProperty("arrivals").GetInt32()));
    }

    [Fact]
    public async Task The_csv_report_opens_in_excel_with_zero_rows_and_chinese_intact()
    {
        await ArrangeDayAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var response = await command.GetAsync("/api/v1/reports/daily.csv?date=2022-11-20", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n").Select(CsvLine.Split).ToList();
        Assert.Equal(["指挥部日报告", "2022-11-20"], lines[0]);
        Assert.Contains(lines, l => l is ["巴彦淖尔天吉泰机场", "CP-LINHE-AIR", "0", "0", "0", "0", "0", "0", "0", "0", "0"]);
        Assert.Contains(lines, l => l is ["临河收费站", "CP-LINHE-G7", "2", "0", "1", "0", "1", "0", "0", "0", "0"]);
        Assert.Contains(lines, l => l is ["胜利社区", "150802001003", "0", "0", "0", "0", "0", "0", "0", "0"]);
        Assert.Contains(lines, l => l is ["新华社区", "150802001001", "1", "1", "1", "0", "0", "1", "0", "0"]);
    }

    [Fact]
    public async Task The_command_center_reads_but_cannot_write_and_other_roles_cannot_read()
    {
        await ArrangeDayAsync();
        var command = await App.StaffClientAsync("commandCenter");

        (await command.GetAsync("/api/v1/reports/daily", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await (await command.GetAsync("/api/v1/reports/daily?date=yesterday", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("date");
        await (await command.PostAsJsonAsync("/api/v1/communities", new { code = "150802001009", name = "新社区", region = "150802" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await command.PostAsJsonAsync("/api/v1/risk-areas", new { region = "150802", area = "某小区", level = "high", from = "2022-11-20" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await command.PostAsJsonAsync("/api/v1/landing-tests/T-0001/result", new { result = "negative" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await command.PostAsJsonAsync("/api/v1/users", new { email = "x@test.entrycontrol.cn", password = Password, role = "admin" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var worker = await App.ClientForAsync("jiefang@test.entrycontrol.cn", Password);
        await (await worker.GetAsync("/api/v1/reports/daily", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await App.CreateClient().GetAsync("/api/v1/reports/daily", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_report_page_shows_every_community_and_the_chart_from_our_own_server()
    {
        await ArrangeDayAsync();
        var command = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var page = await (await command.GetAsync("/command?date=2022-11-20", TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("2", page.QuerySelector("[data-testid=tile-arrivals]")?.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("[data-testid=communities] tbody tr").Length);
        Assert.Equal(3, page.QuerySelectorAll("[data-testid=checkpoints] tbody tr").Length);
        // The vendored file, by its fingerprinted name (chart.umd.min.<hash>.js).
        var source = Assert.Single(page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!),
            src => System.Text.RegularExpressions.Regex.IsMatch(src, @"^/lib/chart\.js/dist/chart\.umd\.min\.[a-z0-9]+\.js$"));
        var chart = await command.GetAsync(source, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        var worker = await App.BrowserForAsync("jiefang@test.entrycontrol.cn", Password);
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync("/command", TestContext.Current.CancellationToken)).StatusCode);
    }
}
