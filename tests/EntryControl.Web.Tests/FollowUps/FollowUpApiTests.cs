using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.FollowUps;

public sealed class FollowUpApiTests(EntryControlApp app) : AppTest(app)
{
    private const string Xinhua = "150802001001";
    private const string Jiefang = "150802001002";

    /// <summary>
    /// Two communities in 临河区; a traveler from 西安雁塔区 (3天2检, tests on the arrival day and two days later) to each.
    /// </summary>
    private async Task<(Guid ToXinhua, Guid ToJiefang)> ArrangeAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Jiefang, name = "解放社区", region = "150802" })).EnsureSuccessStatusCode();
        var toXinhua = await DeclareAsync(DeclarationApiTests.Body());
        var toJiefang = await DeclareAsync(WithCommunity(DeclarationApiTests.Body(idNumber: "11010519491231002X"), Jiefang, "李四"));
        return (toXinhua, toJiefang);
    }

    private async Task<Guid> DeclareAsync(object body)
    {
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body)).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    private static JsonElement WithCommunity(object body, string community, string name)
    {
        var node = JsonSerializer.SerializeToNode(body, TestJson.Options)!;
        node["community"] = community;
        node["traveler"]!["name"] = name;
        return JsonSerializer.SerializeToElement(node);
    }

    private const string StaffPassword = "Staff-pass-123";

    /// <summary>Creates a member of staff with a known email, so the test can sign in again after moving the clock.</summary>
    private async Task<string> NewStaffAsync(string role, string? checkpoint = null, string[]? communities = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.entrycontrol.cn";
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = StaffPassword, role, checkpoint, communities })).EnsureSuccessStatusCode();
        return email;
    }

    private Task<HttpClient> SignInAsync(string email) => App.ClientForAsync(email, StaffPassword);

    private static async Task<JsonElement> ListAsync(HttpClient client, string query) =>
        await (await client.GetAsync("/api/v1/follow-ups" + query, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

    /// <summary>"name date what status", what being the test's kind or, for a handover, "handover".</summary>
    internal static string[] Lines(JsonElement list) => list.EnumerateArray()
        .Select(i => $"{i.GetProperty("traveler").GetProperty("name").GetString()} {i.GetProperty("date").GetString()} {(i.GetProperty("test").ValueKind == JsonValueKind.Null ? i.GetProperty("kind").GetString() : i.GetProperty("test").GetProperty("kind").GetString())} {i.GetProperty("status").GetString()}")
        .ToArray();

    [Fact]
    public async Task A_worker_sees_overdue_due_and_upcoming_tests_of_their_own_community_only()
    {
        var (toXinhua, _) = await ArrangeAsync();
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);

        Assert.Equal(["张三 2022-11-20 nat due", "张三 2022-11-22 nat upcoming"], Lines(await ListAsync(worker, "?on=2022-11-20")));
        Assert.Equal(["张三 2022-11-20 nat overdue", "张三 2022-11-22 nat upcoming"], Lines(await ListAsync(worker, "?on=2022-11-21")));
        Assert.Empty(Lines(await ListAsync(worker, "?on=2022-11-16")));

        var item = (await ListAsync(worker, "?on=2022-11-20&community=" + Xinhua))[0];
        Assert.Equal(toXinhua, item.GetProperty("declarationId").GetGuid());
        Assert.Equal("threeDayTwoTests", item.GetProperty("measure").GetString());
        Assert.Equal("2022-11-22", item.GetProperty("phaseEnd").GetString());
        Assert.Equal("13800000000", item.GetProperty("traveler").GetProperty("phone").GetString());
        Assert.Equal("110105********002X", item.GetProperty("traveler").GetProperty("idNumber").GetString());
        await (await worker.GetAsync("/api/v1/follow-ups?community=" + Jiefang, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await worker.GetAsync("/api/v1/follow-ups?on=2022-13-01", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("on");
    }

    [Fact]
    public async Task A_page_of_the_list_has_at_most_page_size_lines_in_date_order_and_links_the_next_page()
    {
        await ArrangeAsync();
        await DeclareAsync(WithCommunity(DeclarationApiTests.Body(), Xinhua, "王五"));
        await DeclareAsync(WithCommunity(DeclarationApiTests.Body(), Xinhua, "赵六"));
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        var whole = await ListAsync(worker, $"?on=2022-11-20&community={Xinhua}");
        Assert.Equal(6, whole.GetArrayLength());

        var first = await worker.GetAsync($"/api/v1/follow-ups?on=2022-11-20&community={Xinhua}&pageSize=4", TestContext.Current.CancellationToken);
        var firstItems = await first.AssertJsonAsync(HttpStatusCode.OK);
        var next = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Equal($"</api/v1/follow-ups?on=2022-11-20&community={Xinhua}&page=2&pageSize=4>; rel=\"next\"", next);
        var second = await worker.GetAsync(next[1..next.IndexOf('>', StringComparison.Ordinal)], TestContext.Current.CancellationToken);
        var secondItems = await second.AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(second.Headers.Contains("Link"));
        Assert.Equal((4, 2), (firstItems.GetArrayLength(), secondItems.GetArrayLength()));

        // The two pages hold every line of the whole list once, in date order.
        var paged = firstItems.EnumerateArray().Concat(secondItems.EnumerateArray()).ToList();
        Assert.Equal(whole.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order(), paged.Select(i => i.GetProperty("id").GetGuid()).Order());
        var dates = paged.ConvertAll(i => i.GetProperty("date").GetString()!);
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);
        Assert.Equal(0, (await ListAsync(worker, $"?on=2022-11-20&community={Xinhua}&page=3&pageSize=4")).GetArrayLength());
        Assert.Equal(6, (await ListAsync(worker, $"?on=2022-11-20&community={Xinhua}&page=1")).GetArrayLength());
    }

    [Theory]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=2147483647", "page")]
    [InlineData("page=1&on=2022-13-01", "on")]
    public async Task A_page_out_of_range_is_a_400_naming_the_parameter(string query, string field)
    {
        (await (await App.AdminClientAsync()).PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);

        await (await worker.GetAsync("/api/v1/follow-ups?" + query, TestContext.Current.CancellationToken)).AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task Tests_the_notice_only_advises_are_listed_as_advised_never_overdue_and_do_not_hold_a_release_back()
    {
        // No designation in Xi'an: Bayannur clause 五, "建议实行'3天2检'".
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var id = await DeclareAsync(DeclarationApiTests.Body());
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);

        Assert.Equal(["张三 2022-11-20 nat advised", "张三 2022-11-22 nat advised"], Lines(await ListAsync(worker, "?on=2022-11-20")));
        // The day after, the first advised test is not overdue: it is simply no longer listed.
        Assert.Equal(["张三 2022-11-22 nat advised"], Lines(await ListAsync(worker, "?on=2022-11-21")));
        var report = await (await admin.GetAsync("/api/v1/reports/daily?date=2022-11-21", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var xinhua = report.GetProperty("communities").EnumerateArray().Single(c => c.GetProperty("code").GetString() == Xinhua);
        Assert.Equal((0, 0), (xinhua.GetProperty("overdue").GetInt32(), xinhua.GetProperty("testsDue").GetInt32()));

        // Once the phase is over, the untaken advised tests do not stand in the way of the release.
        App.Clock.Set(new DateTimeOffset(2022, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        var released = await (await App.AdminClientAsync()).PostAsJsonAsync($"/api/v1/declarations/{id}/release", new { }, TestContext.Current.CancellationToken);
        await released.AssertJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_day_defaults_to_today_and_people_under_a_measure_are_listed_with_its_end()
    {
        await ArrangeAsync();
        var email = await NewStaffAsync("communityWorker", communities: [Xinhua, Jiefang]);
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 9, 0, 0, TimeSpan.FromHours(8)));
        var worker = await SignInAsync(email);

        Assert.Equal(["张三 2022-11-20 nat overdue", "李四 2022-11-20 nat overdue", "张三 2022-11-22 nat upcoming", "李四 2022-11-22 nat upcoming"], Lines(await ListAsync(worker, string.Empty)));
        var people = await (await worker.GetAsync("/api/v1/follow-ups/people", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, people.GetArrayLength());
        Assert.All(people.EnumerateArray(), p => Assert.Equal("2022-11-22", p.GetProperty("end").GetString()));
    }

    [Fact]
    public async Task A_recorded_test_awaits_its_result_and_a_positive_result_alerts_the_community_and_the_command_center()
    {
        var (toXinhua, _) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 16, 0, 0, TimeSpan.FromHours(8)));
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        var otherWorker = await App.StaffClientAsync("communityWorker", communities: [Jiefang]);
        var body = new { declarationId = toXinhua, date = "2022-11-20", kind = "nat", sampledAt = "2022-11-20T15:30:00+08:00", result = (string?)null };

        var recorded = await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", body, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.False(recorded.GetProperty("alert").GetBoolean());
        Assert.Equal(["张三 2022-11-22 nat upcoming", "张三 2022-11-20 nat awaitingResult"], Lines(await ListAsync(worker, "?on=2022-11-20")));

        // The lab's result follows: positive.
        recorded = await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", body with { result = "positive" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["张三 2022-11-22 nat upcoming"], Lines(await ListAsync(worker, "?on=2022-11-20")));
        Assert.True(recorded.GetProperty("alert").GetBoolean());
        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", body with { result = "negative" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);

        var alerts = await (await worker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("positiveFollowUpTest", Assert.Single(alerts.EnumerateArray()).GetProperty("kind").GetString());
        var command = await App.StaffClientAsync("commandCenter");
        Assert.Equal(1, (await (await command.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(0, (await (await otherWorker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        var stored = await App.WithDbAsync(db => db.FollowUpTests.SingleAsync(t => t.DeclarationId == toXinhua && t.Date == new DateOnly(2022, 11, 20)));
        Assert.Equal(EntryControl.Rules.TestResult.Positive, stored.Result);
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 7, 30, 0, TimeSpan.Zero), stored.SampledAt);
    }

    [Fact]
    public async Task Recording_checks_the_fields_the_schedule_and_the_community()
    {
        var (toXinhua, toJiefang) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 16, 0, 0, TimeSpan.FromHours(8)));
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);

        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { date = "20-11-2022", kind = "pcr", sampledAt = "soon", result = "maybe" }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("declarationId", "date", "kind", "sampledAt", "result");
        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = toXinhua, date = "2022-11-20", kind = "nat", sampledAt = "2022-11-21T09:00:00+08:00" }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("sampledAt");
        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = toXinhua, date = "2022-11-21", kind = "nat", sampledAt = "2022-11-20T09:00:00+08:00" }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = toJiefang, date = "2022-11-20", kind = "nat", sampledAt = "2022-11-20T09:00:00+08:00" }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await App.WithDbAsync(db => db.FollowUpTests.CountAsync(t => t.SampledAt != null)));
    }

    [Fact]
    public async Task Other_roles_cannot_read_or_record_follow_ups()
    {
        var (toXinhua, _) = await ArrangeAsync();
        var body = new { declarationId = toXinhua, date = "2022-11-20", kind = "nat", sampledAt = "2022-11-17T09:00:00+08:00" };

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "临河收费站", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await (await App.CreateClient().GetAsync("/api/v1/follow-ups", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var (role, checkpoint) in new[] { ("commandCenter", (string?)null), ("checkpointOfficer", "CP-LINHE-G7") })
        {
            var staff = await App.StaffClientAsync(role, checkpoint);
            await (await staff.GetAsync("/api/v1/follow-ups", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await staff.PostAsJsonAsync("/api/v1/follow-ups/tests", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal(0, await App.WithDbAsync(db => db.FollowUpTests.CountAsync(t => t.SampledAt != null)));
    }

    [Fact]
    public async Task Cancelling_a_declaration_drops_its_tests_and_a_scan_on_another_day_moves_them()
    {
        var (toXinhua, toJiefang) = await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "临河收费站", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var workerEmail = await NewStaffAsync("communityWorker", communities: [Xinhua, Jiefang]);
        var officerEmail = await NewStaffAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var worker = await SignInAsync(workerEmail);
        var xinhuaCode = await App.WithDbAsync(db => db.Declarations.Where(d => d.Id == toXinhua).Select(d => d.Code).SingleAsync());
        var jiefangCode = await App.WithDbAsync(db => db.Declarations.Where(d => d.Id == toJiefang).Select(d => d.Code).SingleAsync());

        (await App.CreateClient().DeleteAsync($"/api/v1/declarations/{xinhuaCode}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(["李四 2022-11-20 nat due", "李四 2022-11-22 nat upcoming"], Lines(await ListAsync(worker, "?on=2022-11-20")));

        // 李四 comes a day late: the checkpoint decides again, and the tests follow the real arrival.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 8, 0, 0, TimeSpan.FromHours(8)));
        var officer = await SignInAsync(officerEmail);
        worker = await SignInAsync(workerEmail);
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code = jiefangCode, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Equal(["李四 2022-11-21 nat due", "李四 2022-11-23 nat upcoming"], Lines(await ListAsync(worker, "?on=2022-11-21")));
    }

    [Fact]
    public async Task The_csv_export_opens_in_excel_with_chinese_intact_and_ids_masked_and_is_audited()
    {
        await ArrangeAsync();
        var email = await NewStaffAsync("communityWorker", communities: [Xinhua]);
        var worker = await SignInAsync(email);

        var response = await worker.GetAsync("/api/v1/follow-ups/export.csv?on=2022-11-20", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("follow-ups-2022-11-20.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["状态", "应检日期", "检测类型", "姓名", "证件号码", "手机号", "社区", "详细地址", "管控措施", "措施截止"], CsvLine.Split(lines[0]));
        var first = CsvLine.Split(lines[1]);
        Assert.Equal(["今日应检", "2022-11-20", "核酸检测", "张三", "110105********002X", "13800000000", "新华社区", "临河区新华街 1 号", "3天2检", "2022-11-22"], first);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("李四", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var audit = await App.WithDbAsync(db => db.AuditLog.OrderBy(a => a.Id).ToListAsync());
        var entry = Assert.Single(audit, a => a.Action == Web.Features.Audit.AuditAction.Export);
        Assert.Equal(email, entry.UserEmail);
        Assert.Equal("followUps", entry.Subject);
        Assert.Equal(1, entry.Records);
    }

    [Fact]
    public void A_csv_cell_that_looks_like_a_formula_stays_text()
    {
        Assert.Equal("'=HYPERLINK(\"x\")", CsvLine.Split(CsvLine.Cell("=HYPERLINK(\"x\")"))[0]);
        Assert.Equal("张三", CsvLine.Cell("张三"));
    }
}
