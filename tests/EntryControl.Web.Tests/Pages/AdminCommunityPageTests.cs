using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminCommunityPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Page = "/Admin/Communities";

    private Task<HttpClient> AdminBrowserAsync() => App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

    [Fact]
    public async Task An_admin_adds_edits_and_deletes_a_community_through_the_page()
    {
        var browser = await AdminBrowserAsync();

        var added = await browser.PostFormAsync(Page, $"{Page}?handler=Add",
            ("Add.Code", "150802001003"), ("Add.Name", "临河区车站街道铁南社区"), ("Add.Region", "150802"));

        var list = await browser.FollowAsync(added);
        Assert.Equal("已新增社区“临河区车站街道铁南社区”。", list.Text("[data-testid=message]"));
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=community]"));
        Assert.Contains("内蒙古自治区 巴彦淖尔市 临河区", row.TextContent, StringComparison.Ordinal);

        var form = Html.Parse(await browser.GetStringAsync($"{Page}?edit=150802001003", TestContext.Current.CancellationToken));
        Assert.Equal("临河区车站街道铁南社区", form.QuerySelector("[data-testid=edit-form] input[name='Change.Name']")?.GetAttribute("value"));
        var edited = await browser.PostFormAsync(Page, $"{Page}?handler=Edit&code=150802001003",
            ("Change.Name", "五原县城关社区"), ("Change.Region", "150821"));

        Assert.Equal("已保存社区“五原县城关社区”。", (await browser.FollowAsync(edited)).Text("[data-testid=message]"));
        var stored = await App.WithDbAsync(db => db.Communities.SingleAsync());
        Assert.Equal(("五原县城关社区", "150821"), (stored.Name, stored.Region));

        var deleted = await browser.PostFormAsync(Page, $"{Page}?handler=Delete&code=150802001003");

        Assert.Equal("已删除社区 150802001003。", (await browser.FollowAsync(deleted)).Text("[data-testid=message]"));
        Assert.False(await App.WithDbAsync(db => db.Communities.AnyAsync()));
    }

    [Fact]
    public async Task A_bad_community_is_explained_next_to_each_field_and_nothing_is_stored()
    {
        var browser = await AdminBrowserAsync();

        var response = await browser.PostFormAsync(Page, $"{Page}?handler=Add",
            ("Add.Code", "bad code"), ("Add.Name", ""), ("Add.Region", "150000"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("编码只能包含字母、数字和“-”。", page.Text("[data-valmsg-for='Add.Code']"));
        Assert.False(string.IsNullOrWhiteSpace(page.Text("[data-valmsg-for='Add.Name']")));
        Assert.Equal("请填写区县级行政区划的六位代码（GB/T 2260）。", page.Text("[data-valmsg-for='Add.Region']"));
        Assert.Equal("bad code", page.QuerySelector("input[name='Add.Code']")?.GetAttribute("value"));
        Assert.False(await App.WithDbAsync(db => db.Communities.AnyAsync()));
    }

    [Fact]
    public async Task A_taken_code_and_a_bad_edit_are_shown_on_their_forms()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await AdminBrowserAsync();

        var taken = await (await browser.PostFormAsync(Page, $"{Page}?handler=Add",
            ("Add.Code", "150802001001"), ("Add.Name", "另一个社区"), ("Add.Region", "150802"))).ParseAsync();
        var badEdit = await (await browser.PostFormAsync(Page, $"{Page}?handler=Edit&code=150802001001",
            ("Change.Name", "新华社区"), ("Change.Region", "999999"))).ParseAsync();

        Assert.Equal("已有编码为 150802001001 的社区。", taken.Text("[data-valmsg-for='Add.Code']"));
        Assert.NotNull(badEdit.QuerySelector("[data-testid=edit-form]"));
        Assert.False(string.IsNullOrWhiteSpace(badEdit.Text("[data-valmsg-for='Change.Region']")));
        Assert.Equal("150802", (await App.WithDbAsync(db => db.Communities.SingleAsync())).Region);
    }

    [Fact]
    public async Task A_community_that_staff_cover_is_kept_and_the_page_says_why()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "worker@test.entrycontrol.cn", password = "Worker-pass-1", role = "communityWorker", communities = new[] { "150802001001" } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await AdminBrowserAsync();

        var response = await browser.PostFormAsync(Page, $"{Page}?handler=Delete&code=150802001001");

        var page = await browser.FollowAsync(response);
        Assert.Equal("社区 150802001001 仍有工作人员负责，请先调整他们的负责社区。", page.Text("[data-testid=problem]"));
        Assert.Null(page.QuerySelector("[data-testid=message]"));
        Assert.True(await App.WithDbAsync(db => db.Communities.AnyAsync()));
    }

    [Fact]
    public async Task The_list_filters_by_county_and_speaks_English_when_asked()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "152501001001", name = "口岸社区", region = "152501" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await AdminBrowserAsync();

        var page = Html.Parse(await browser.GetStringAsync($"{Page}?region=152501&culture=en", TestContext.Current.CancellationToken));

        Assert.Equal("152501001001", Assert.Single(page.QuerySelectorAll("[data-testid=community]")).GetAttribute("data-code"));
        Assert.Equal("Communities", page.Text("h1"));
    }
}
