using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminCheckpointPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Page = "/Admin/Checkpoints";

    private Task<HttpClient> AdminBrowserAsync() => App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

    [Fact]
    public async Task An_admin_adds_edits_and_deletes_a_checkpoint_and_sees_its_kind_in_words()
    {
        var browser = await AdminBrowserAsync();

        var added = await browser.PostFormAsync(Page, $"{Page}?handler=Add",
            ("Add.Code", "CP-LINHE-RAIL"), ("Add.Name", "临河火车站出站口"), ("Add.Kind", "rail"), ("Add.Region", "150802"));

        var list = await browser.FollowAsync(added);
        Assert.Equal("已新增卡口“临河火车站出站口”。", list.Text("[data-testid=message]"));
        Assert.Equal("铁路", list.Text("[data-testid=checkpoint] [data-testid=kind]"));

        var edited = await browser.PostFormAsync(Page, $"{Page}?handler=Edit&code=CP-LINHE-RAIL",
            ("Change.Name", "二连浩特公路口岸"), ("Change.Kind", "port"), ("Change.Region", "152501"));

        await browser.FollowAsync(edited);
        var stored = await App.WithDbAsync(db => db.Checkpoints.SingleAsync());
        Assert.Equal((CheckpointKind.Port, "152501", "二连浩特公路口岸"), (stored.Kind, stored.Region, stored.Name));
        var english = Html.Parse(await browser.GetStringAsync($"{Page}?culture=en", TestContext.Current.CancellationToken));
        Assert.Equal("Port", english.Text("[data-testid=checkpoint] [data-testid=kind]"));
        var portsOnly = Html.Parse(await browser.GetStringAsync($"{Page}?kind=rail", TestContext.Current.CancellationToken));
        Assert.Empty(portsOnly.QuerySelectorAll("[data-testid=checkpoint]"));

        var deleted = await browser.PostFormAsync(Page, $"{Page}?handler=Delete&code=CP-LINHE-RAIL");

        Assert.Equal("已删除卡口 CP-LINHE-RAIL。", (await browser.FollowAsync(deleted)).Text("[data-testid=message]"));
        Assert.False(await App.WithDbAsync(db => db.Checkpoints.AnyAsync()));
    }

    [Fact]
    public async Task An_unknown_kind_is_explained_next_to_the_kind_field()
    {
        var browser = await AdminBrowserAsync();

        var response = await browser.PostFormAsync(Page, $"{Page}?handler=Add",
            ("Add.Code", "CP-BOAT"), ("Add.Name", "渡口"), ("Add.Kind", "boat"), ("Add.Region", "150802"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("类型必须是 road、rail、air、bus、port 之一。", page.Text("[data-valmsg-for='Add.Kind']"));
        Assert.True(string.IsNullOrEmpty(page.Text("[data-valmsg-for='Add.Code']")));
        Assert.False(await App.WithDbAsync(db => db.Checkpoints.AnyAsync()));
    }

    [Fact]
    public async Task A_checkpoint_with_officers_is_kept_and_the_page_says_why()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "officer@test.entrycontrol.cn", password = "Officer-pass-1", role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await AdminBrowserAsync();

        var page = await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Delete&code=CP-LINHE-G7"));

        Assert.Equal("卡口 CP-LINHE-G7 仍有查验人员，请先调整他们的卡口。", page.Text("[data-testid=problem]"));
        Assert.True(await App.WithDbAsync(db => db.Checkpoints.AnyAsync()));
    }
}
