using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.CodeAssignments;

/// <summary>
/// 赋码 (seed 001 一、四、六): the day's feed for the health-code platform. 张三 (<see cref="DeclarationApiTests.Body"/>)
/// arrives on 11-20 from 西安雁塔区: 3天2检 from 11-20 to 11-22, a yellow code; with 西安雁塔区 high risk he is home
/// isolated instead, a red code.
/// </summary>
public sealed class CodeAssignmentTests(EntryControlApp app) : AppTest(app)
{
    private const string FullIdNumber = DeclarationApiTests.ValidResidentId;

    private async Task<HttpClient> ArrangeAsync(bool highRiskXian = false)
    {
        if (!highRiskXian)
        {
            // Clause 五's 3天2检 is only advised and gives no colour; clause 二's (same days) is required and yellow.
            await App.RequireThreeDayTwoTestsForXianAsync();
        }

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        if (highRiskXian)
        {
            (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "610113", level = "high", from = "2022-11-15" })).EnsureSuccessStatusCode();
        }

        return await App.StaffClientAsync("commandCenter");
    }

    private async Task<JsonElement> DeclareAsync(object body) =>
        await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body)).AssertJsonAsync(HttpStatusCode.Created);

    private static async Task<JsonElement> FeedAsync(HttpClient client, string on) =>
        await (await client.GetAsync($"/api/v1/code-assignments?on={on}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_home_isolated_traveler_is_assigned_red_for_the_days_of_the_isolation_phase()
    {
        var command = await ArrangeAsync(highRiskXian: true);
        var declared = await DeclareAsync(DeclarationApiTests.Body());
        var isolation = declared.GetProperty("decision").GetProperty("phases").EnumerateArray().Single(p => p.GetProperty("measure").GetString() == "homeIsolation");
        var (from, to) = (isolation.GetProperty("start").GetString()!, isolation.GetProperty("end").GetString()!);
        Assert.Equal("2022-11-20", from);

        foreach (var day in new[] { from, to })
        {
            var feed = await FeedAsync(command, day);

            var assigned = Assert.Single(feed.GetProperty("assign").EnumerateArray());
            Assert.Equal(declared.GetProperty("id").GetGuid(), assigned.GetProperty("declarationId").GetGuid());
            Assert.Equal("张三", assigned.GetProperty("name").GetString());
            Assert.Equal("residentId", assigned.GetProperty("idType").GetString());
            Assert.Equal(FullIdNumber, assigned.GetProperty("idNumber").GetString());
            Assert.Equal("13800000000", assigned.GetProperty("phone").GetString());
            Assert.Equal("red", assigned.GetProperty("colour").GetString());
            Assert.Equal((from, to), (assigned.GetProperty("from").GetString(), assigned.GetProperty("to").GetString()));
            Assert.Equal("homeIsolation", assigned.GetProperty("measure").GetString());
            Assert.Empty(feed.GetProperty("restore").EnumerateArray());
        }

        Assert.Empty((await FeedAsync(command, "2022-11-19")).GetProperty("assign").EnumerateArray());
    }

    [Fact]
    public async Task A_traveler_released_early_is_restored_that_day_and_no_longer_assigned()
    {
        await ArrangeAsync(highRiskXian: true);
        var id = (await DeclareAsync(DeclarationApiTests.Body())).GetProperty("id").GetGuid();
        // Tokens last an hour: sign in after moving the clock.
        App.Clock.Set(new DateTimeOffset(2022, 11, 22, 15, 0, 0, TimeSpan.FromHours(8)));
        var admin = await App.AdminClientAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var released = await admin.PostAsJsonAsync($"/api/v1/declarations/{id}/release", new { @override = true, reason = "上级指挥部通知提前解除" }, TestContext.Current.CancellationToken);
        await released.AssertJsonAsync(HttpStatusCode.OK);

        var feed = await FeedAsync(command, "2022-11-22");
        Assert.Empty(feed.GetProperty("assign").EnumerateArray());
        var restored = Assert.Single(feed.GetProperty("restore").EnumerateArray());
        Assert.Equal((id, "2022-11-22"), (restored.GetProperty("declarationId").GetGuid(), restored.GetProperty("from").GetString()));
        Assert.Empty((await FeedAsync(command, "2022-11-23")).GetProperty("assign").EnumerateArray());
        Assert.Empty((await FeedAsync(command, "2022-11-23")).GetProperty("restore").EnumerateArray());
        // Before the release the same day was red.
        Assert.Equal("red", Assert.Single((await FeedAsync(command, "2022-11-21")).GetProperty("assign").EnumerateArray()).GetProperty("colour").GetString());
    }

    [Fact]
    public async Task An_advised_3_days_2_tests_gives_no_colour()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var command = await App.StaffClientAsync("commandCenter");
        var declared = await DeclareAsync(DeclarationApiTests.Body());
        Assert.True(declared.GetProperty("decision").GetProperty("phases")[0].GetProperty("advisory").GetBoolean());

        Assert.Empty((await FeedAsync(command, "2022-11-20")).GetProperty("assign").EnumerateArray());
        Assert.Empty((await FeedAsync(command, "2022-11-23")).GetProperty("restore").EnumerateArray());
    }

    [Fact]
    public async Task A_traveler_whose_last_phase_ended_the_day_before_is_restored_to_green_that_day_only()
    {
        var command = await ArrangeAsync();
        var declared = await DeclareAsync(DeclarationApiTests.Body());
        var id = declared.GetProperty("id").GetGuid();

        var during = await FeedAsync(command, "2022-11-22");
        var yellow = Assert.Single(during.GetProperty("assign").EnumerateArray());
        Assert.Equal(("yellow", "threeDayTwoTests", "2022-11-20", "2022-11-22"),
            (yellow.GetProperty("colour").GetString(), yellow.GetProperty("measure").GetString(), yellow.GetProperty("from").GetString(), yellow.GetProperty("to").GetString()));
        Assert.Empty(during.GetProperty("restore").EnumerateArray());

        var after = await FeedAsync(command, "2022-11-23");
        Assert.Empty(after.GetProperty("assign").EnumerateArray());
        var restored = Assert.Single(after.GetProperty("restore").EnumerateArray());
        Assert.Equal(id, restored.GetProperty("declarationId").GetGuid());
        Assert.Equal(FullIdNumber, restored.GetProperty("idNumber").GetString());
        Assert.Equal("2022-11-23", restored.GetProperty("from").GetString());

        Assert.Empty((await FeedAsync(command, "2022-11-24")).GetProperty("restore").EnumerateArray());
    }

    [Fact]
    public async Task A_cancelled_declaration_is_neither_assigned_nor_restored()
    {
        var command = await ArrangeAsync();
        var code = (await DeclareAsync(DeclarationApiTests.Body())).GetProperty("code").GetString();
        (await App.CreateClient().DeleteAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Empty((await FeedAsync(command, "2022-11-21")).GetProperty("assign").EnumerateArray());
        Assert.Empty((await FeedAsync(command, "2022-11-23")).GetProperty("restore").EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?on=")]
    [InlineData("?on=yesterday")]
    [InlineData("?on=2022-11-31")]
    [InlineData("?on=20221120")]
    public async Task A_missing_or_malformed_day_is_a_400_naming_on(string query)
    {
        var command = await ArrangeAsync();

        await (await command.GetAsync("/api/v1/code-assignments" + query, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("on");
        await (await command.GetAsync("/api/v1/code-assignments.csv" + query, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("on");
    }

    [Fact]
    public async Task Only_the_command_center_and_admins_read_the_feed()
    {
        var command = await ArrangeAsync();
        var worker = await App.StaffClientAsync("communityWorker", communities: ["150802001001"]);
        var admin = await App.AdminClientAsync();

        await (await worker.GetAsync("/api/v1/code-assignments?on=2022-11-20", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await worker.GetAsync("/api/v1/code-assignments.csv?on=2022-11-20", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await App.CreateClient().GetAsync("/api/v1/code-assignments?on=2022-11-20", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await FeedAsync(command, "2022-11-20");
        await FeedAsync(admin, "2022-11-20");
    }

    [Fact]
    public async Task Every_view_and_export_is_audited_without_the_document_numbers()
    {
        var command = await ArrangeAsync();
        await DeclareAsync(DeclarationApiTests.Body());

        await FeedAsync(command, "2022-11-21");
        (await command.GetAsync("/api/v1/code-assignments.csv?on=2022-11-23", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await FeedAsync(command, "2022-11-30");

        var entries = await App.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Subject == "codeAssignments").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal([(AuditAction.View, 1), (AuditAction.Export, 1), (AuditAction.View, 0)], entries.Select(e => (e.Action, e.Records)));
        Assert.All(entries, e => Assert.StartsWith("commandcenter-", e.UserEmail, StringComparison.Ordinal));
        Assert.Equal("on 2022-11-21: assign 1, restore 0", entries[0].Detail);
        Assert.All(entries, e => Assert.DoesNotContain(FullIdNumber, e.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_csv_has_a_bom_crlf_lines_full_numbers_and_neutralised_formulas()
    {
        var command = await ArrangeAsync();
        var body = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(), TestJson.Options)!;
        body["traveler"]!["name"] = "=HYPERLINK(\"http://x\",\"张三\")";
        var declared = await DeclareAsync(body);
        var earlier = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(idNumber: "110105201501010017", arrivalAt: "2022-11-18T10:00:00+08:00"), TestJson.Options)!;
        earlier["trip"]!["stays"]![0]!["to"] = "2022-11-17";
        earlier["trip"]!["nucleicAcidTest"]!["sampledAt"] = "2022-11-17T09:00:00+08:00";
        var other = await DeclareAsync(earlier);

        var response = await command.GetAsync("/api/v1/code-assignments.csv?on=2022-11-21", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("code-assignments-2022-11-21.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        var lines = text[..^2].Split("\r\n").Select(CsvLine.Split).ToList();
        Assert.Equal(["操作", "报备编号", "姓名", "证件类型", "证件号码", "手机号", "码色", "起始日期", "截止日期", "管控措施"], lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.SequenceEqual(["assign", declared.GetProperty("id").GetString()!, "'=HYPERLINK(\"http://x\",\"张三\")", "residentId", FullIdNumber, "13800000000", "yellow", "2022-11-20", "2022-11-22", "threeDayTwoTests"]));
        // Arrived on 11-18: 3天2检 ended on 11-20, green from the 21st.
        Assert.Contains(lines, l => l.SequenceEqual(["restore", other.GetProperty("id").GetString()!, "张三", "residentId", "110105201501010017", "13800000000", "green", "2022-11-21", "", ""]));
    }

    [Fact]
    public async Task The_command_page_links_to_a_page_of_the_days_lists_with_masked_numbers_and_the_csv()
    {
        await ArrangeAsync(highRiskXian: true);
        await DeclareAsync(DeclarationApiTests.Body());
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var command = await (await browser.GetAsync("/command?date=2022-11-20", TestContext.Current.CancellationToken)).ParseAsync();
        var link = command.QuerySelector("[data-testid=code-assignments]")?.GetAttribute("href");
        Assert.Equal("/command/code-assignments?on=2022-11-20", link);
        var page = await (await browser.GetAsync(link, TestContext.Current.CancellationToken)).ParseAsync();

        var row = Assert.Single(page.QuerySelectorAll("[data-testid=assign-row]"));
        Assert.Equal("red", row.GetAttribute("data-colour"));
        Assert.Contains("110105********002X", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(FullIdNumber, page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("/api/v1/code-assignments.csv?on=2022-11-20", page.QuerySelector("[data-testid=csv]")?.GetAttribute("href"));
        Assert.Equal("0", page.QuerySelector("[data-testid=restore-count]")?.TextContent.Trim());
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Subject == "codeAssignments")));

        var invalid = await (await browser.GetAsync("/command/code-assignments?on=someday", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("YYYY-MM-DD", invalid.QuerySelector("[data-valmsg-for=On]")?.TextContent, StringComparison.Ordinal);
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "xinhua@test.entrycontrol.cn", password = "Staff-pass-123", role = "communityWorker", communities = new[] { "150802001001" } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var worker = await App.BrowserForAsync("xinhua@test.entrycontrol.cn", "Staff-pass-123");
        Assert.Equal(HttpStatusCode.Redirect, (await worker.GetAsync("/command/code-assignments?on=2022-11-20", TestContext.Current.CancellationToken)).StatusCode);
    }
}
