using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class CommunityPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";

    /// <summary>张三 goes to 新华 and 李四 to 解放, both 3天2检 from 2022-11-20; one worker for each community.</summary>
    private async Task<Guid> ArrangeAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        foreach (var (code, name) in new[] { ("150802001001", "新华社区"), ("150802001002", "解放社区") })
        {
            (await admin.PostAsJsonAsync("/api/v1/communities", new { code, name, region = "150802" })).EnsureSuccessStatusCode();
        }

        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "xinhua@test.entrycontrol.cn", password = Password, role = "communityWorker", communities = new[] { "150802001001" } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "jiefang@test.entrycontrol.cn", password = Password, role = "communityWorker", communities = new[] { "150802001002" } })).EnsureSuccessStatusCode();
        var zhang = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        var li = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(idNumber: "11010519491231002X"), TestJson.Options)!;
        li["community"] = "150802001002";
        li["traveler"]!["name"] = "李四";
        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", li)).EnsureSuccessStatusCode();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 17, 0, 0, TimeSpan.FromHours(8)));
        return zhang.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_worker_sees_only_their_communitys_people_and_records_a_test_from_the_page()
    {
        var zhang = await ArrangeAsync();
        var worker = await App.BrowserForAsync("xinhua@test.entrycontrol.cn", Password);

        var html = await worker.GetStringAsync("/community", TestContext.Current.CancellationToken);
        var page = Html.Parse(html);
        Assert.Equal("1", page.QuerySelector("[data-testid=count-due]")?.TextContent);
        Assert.Equal("1", page.QuerySelector("[data-testid=count-upcoming]")?.TextContent);
        Assert.Contains("张三", html, StringComparison.Ordinal);
        Assert.DoesNotContain("李四", html, StringComparison.Ordinal);
        Assert.Contains("13800000000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("11010519491231002X", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/community?community=150802001002", TestContext.Current.CancellationToken)).StatusCode);
        Assert.DoesNotContain("李四", await worker.GetStringAsync("/community?community=150802001002", TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var recorded = await worker.PostAsync("/community?handler=Record&on=2022-11-20", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["declarationId"] = zhang.ToString(),
            ["date"] = "2022-11-20",
            ["kind"] = "nat",
            ["sampledAt"] = "2022-11-20T16:30",
            ["result"] = "positive",
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(html),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var after = Html.Parse(await worker.GetStringAsync(recorded.Headers.Location!.ToString(), TestContext.Current.CancellationToken));
        Assert.Contains("阳性", after.QuerySelector("[data-testid=status]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", after.QuerySelector("[data-testid=count-due]")?.TextContent);
        Assert.Contains("张三", after.QuerySelector("[data-testid=alerts]")?.TextContent, StringComparison.Ordinal);
        var stored = await App.WithDbAsync(db => db.FollowUpTests.SingleAsync(t => t.SampledAt != null));
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 8, 30, 0, TimeSpan.Zero), stored.SampledAt);
    }

    [Fact]
    public async Task A_worker_of_two_communities_chooses_between_them_by_name()
    {
        await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "both@test.entrycontrol.cn", password = Password, role = "communityWorker", communities = new[] { "150802001001", "150802001002" } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var worker = await App.BrowserForAsync("both@test.entrycontrol.cn", Password);

        var page = Html.Parse(await worker.GetStringAsync("/community?on=2022-11-20", TestContext.Current.CancellationToken));

        var options = page.QuerySelectorAll("select#community option").Select(o => (o.GetAttribute("value"), o.TextContent.Trim())).ToList();
        Assert.Contains(("150802001001", "新华社区"), options);
        Assert.Contains(("150802001002", "解放社区"), options);
    }

    [Fact]
    public async Task A_bad_sampling_time_is_shown_next_to_the_test_and_nothing_is_stored()
    {
        var zhang = await ArrangeAsync();
        var worker = await App.BrowserForAsync("xinhua@test.entrycontrol.cn", Password);
        var html = await worker.GetStringAsync("/community?on=2022-11-20", TestContext.Current.CancellationToken);

        var response = await worker.PostAsync("/community?handler=Record&on=2022-11-20", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["declarationId"] = zhang.ToString(),
            ["date"] = "2022-11-20",
            ["kind"] = "nat",
            ["sampledAt"] = "2022-11-25T09:00",
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(html),
        }), TestContext.Current.CancellationToken);

        var page = await response.ParseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = page.QuerySelector($"[data-testid=test-{zhang:N}-2022-11-20-nat]");
        Assert.Contains("采样时间不能晚于现在", card?.QuerySelector("[data-testid=row-errors]")?.TextContent, StringComparison.Ordinal);
        // Announced as the other forms' errors are: the shared summary takes the focus, the title says so.
        Assert.True(card?.QuerySelector("[data-testid=row-errors]")?.HasAttribute("autofocus"));
        Assert.Equal("请更正以下问题", card?.QuerySelector("[data-testid=row-errors] h2")?.TextContent);
        Assert.StartsWith("错误：", page.Title, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.FollowUpTests.CountAsync(t => t.SampledAt != null)));
    }

    [Fact]
    public async Task The_print_view_and_the_export_hold_the_workers_list_and_other_roles_are_kept_out()
    {
        await ArrangeAsync();
        var worker = await App.BrowserForAsync("jiefang@test.entrycontrol.cn", Password);

        var print = Html.Parse(await worker.GetStringAsync("/community/print?on=2022-11-20", TestContext.Current.CancellationToken));
        Assert.Equal(2, print.QuerySelectorAll("[data-testid=print-table] tbody tr").Length);
        Assert.Contains("李四", print.QuerySelector("[data-testid=print-table]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("张三", print.DocumentElement.TextContent, StringComparison.Ordinal);
        var export = await worker.GetAsync("/community?handler=Export&on=2022-11-20", TestContext.Current.CancellationToken);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, await App.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == Web.Features.Audit.AuditAction.Export)));

        var officer = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var denied = await officer.GetAsync("/community", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("AccessDenied", denied.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_search_the_audit_log_of_views_and_exports()
    {
        await ArrangeAsync();
        var worker = await App.ClientForAsync("xinhua@test.entrycontrol.cn", Password);
        (await worker.GetAsync("/api/v1/follow-ups?on=2022-11-20", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await worker.GetAsync("/api/v1/follow-ups/export.csv?on=2022-11-20", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var code = await App.WithDbAsync(db => db.Declarations.Where(d => d.TravelerName == "李四").Select(d => d.Code).SingleAsync());
        (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var admin = await App.AdminClientAsync();

        var byWorker = await (await admin.GetAsync("/api/v1/audit?user=XINHUA@", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["export", "view"], byWorker.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToArray());
        Assert.All(byWorker.GetProperty("entries").EnumerateArray(), e => Assert.Equal("150802001001 2022-11-20", e.GetProperty("detail").GetString()));
        var declarations = await (await admin.GetAsync("/api/v1/audit?subject=declaration&from=2022-11-20&to=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(declarations.GetProperty("entries").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("user").ValueKind);
        Assert.DoesNotContain(code, entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await admin.GetAsync("/api/v1/audit?from=2022-11-21", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("entries").GetArrayLength());
        await (await admin.GetAsync("/api/v1/audit?from=21-11-2022", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("from");
        await (await worker.GetAsync("/api/v1/audit", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);

        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var page = Html.Parse(await browser.GetStringAsync("/Admin/Audit?UserEmail=xinhua", TestContext.Current.CancellationToken));
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=audit-entry]").Length);
    }
}
