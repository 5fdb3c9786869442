using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminStaffPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Page = "/Admin/Staff";
    private const string Password = "Staff-pass-123";

    private Task<HttpClient> AdminBrowserAsync() => App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

    private async Task ReferenceDataAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001002", name = "团结社区", region = "150802" })).EnsureSuccessStatusCode();
    }

    private async Task<Guid> CreateAsync(string email, string role, string? checkpoint = null, string[]? communities = null)
    {
        var admin = await App.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, checkpoint, communities });
        return (await created.AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private Task<StaffUser> StoredAsync(string email) =>
        App.WithDbAsync(db => db.Users.Include(u => u.Communities).SingleAsync(u => u.Email == email));

    [Fact]
    public async Task The_create_form_offers_every_scope_field_without_script()
    {
        await ReferenceDataAsync();
        var page = Html.Parse(await (await AdminBrowserAsync()).GetStringAsync(Page, TestContext.Current.CancellationToken));

        var form = page.QuerySelector("[data-testid=create-form]")!;
        Assert.Equal(4, form.QuerySelectorAll("select[name='Create.Role'] option[value]:not([value=''])").Length);
        Assert.NotNull(form.QuerySelector("select[name='Create.Checkpoint'] option[value='CP-LINHE-G7']"));
        Assert.Equal(2, form.QuerySelectorAll("input[type=checkbox][name='Create.Communities']").Length);
    }

    [Fact]
    public async Task An_admin_creates_a_community_worker_with_two_communities_through_the_page()
    {
        await ReferenceDataAsync();
        var browser = await AdminBrowserAsync();

        // The checkpoint select is hidden for workers but still sent by the browser: it is not part of the account.
        var response = await browser.PostFormAsync(Page, $"{Page}?handler=Create",
            ("Create.Email", "worker@test.entrycontrol.cn"), ("Create.Password", Password), ("Create.Role", "communityWorker"),
            ("Create.Checkpoint", "CP-LINHE-G7"), ("Create.Communities", "150802001001"), ("Create.Communities", "150802001002"));

        var list = await browser.FollowAsync(response);
        Assert.Equal("已创建账号 worker@test.entrycontrol.cn。", list.Text("[data-testid=message]"));
        var row = list.QuerySelector("[data-testid=account][data-email='worker@test.entrycontrol.cn']")!;
        Assert.Contains("新华社区", row.QuerySelector("[data-testid=scope]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("团结社区", row.QuerySelector("[data-testid=scope]")!.TextContent, StringComparison.Ordinal);
        var stored = await StoredAsync("worker@test.entrycontrol.cn");
        Assert.Null(stored.CheckpointCode);
        Assert.Equal(["150802001001", "150802001002"], stored.Communities.Select(c => c.CommunityCode).Order(StringComparer.Ordinal).ToArray());
        await App.ClientForAsync("worker@test.entrycontrol.cn", Password);
    }

    [Fact]
    public async Task A_bad_account_is_explained_next_to_each_field_and_nothing_is_stored()
    {
        await ReferenceDataAsync();
        var browser = await AdminBrowserAsync();

        var withoutCheckpoint = await (await browser.PostFormAsync(Page, $"{Page}?handler=Create",
            ("Create.Email", "not-an-email"), ("Create.Password", Password), ("Create.Role", "checkpointOfficer"))).ParseAsync();
        var weakPassword = await (await browser.PostFormAsync(Page, $"{Page}?handler=Create",
            ("Create.Email", "officer@test.entrycontrol.cn"), ("Create.Password", "weak"), ("Create.Role", "checkpointOfficer"), ("Create.Checkpoint", "CP-LINHE-G7"))).ParseAsync();

        Assert.Equal("卡口查验人员必须绑定一个卡口。", withoutCheckpoint.Text("[data-valmsg-for='Create.Checkpoint']"));
        Assert.False(string.IsNullOrWhiteSpace(withoutCheckpoint.Text("[data-valmsg-for='Create.Email']")));
        Assert.Equal("checkpointOfficer", withoutCheckpoint.QuerySelector("select[name='Create.Role'] option[selected]")?.GetAttribute("value"));
        Assert.False(string.IsNullOrWhiteSpace(weakPassword.Text("[data-valmsg-for='Create.Password']")));
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task An_admin_turns_a_worker_into_an_officer_through_the_edit_card()
    {
        await ReferenceDataAsync();
        var id = await CreateAsync("worker@test.entrycontrol.cn", Roles.CommunityWorker, communities: ["150802001001"]);
        var browser = await AdminBrowserAsync();
        var card = Html.Parse(await browser.GetStringAsync($"{Page}?edit={id}", TestContext.Current.CancellationToken));
        Assert.NotNull(card.QuerySelector("[data-testid=edit-card] input[name='Change.Communities'][value='150802001001'][checked]"));

        var badScope = await (await browser.PostFormAsync(Page, $"{Page}?handler=Scope&id={id}", ("Change.Role", "checkpointOfficer"))).ParseAsync();
        Assert.Equal("卡口查验人员必须绑定一个卡口。", badScope.Text("[data-testid=edit-card] [data-valmsg-for='Change.Checkpoint']"));

        var saved = await browser.PostFormAsync(Page, $"{Page}?handler=Scope&id={id}",
            ("Change.Role", "checkpointOfficer"), ("Change.Checkpoint", "CP-LINHE-G7"), ("Change.Communities", "150802001001"));

        var page = await browser.FollowAsync(saved);
        Assert.Equal("已保存 worker@test.entrycontrol.cn 的角色和范围。", page.Text("[data-testid=message]"));
        Assert.Equal("京新高速临河收费站卡口", page.Text($"[data-testid=account][data-id='{id}'] [data-testid=scope]"));
        var stored = await StoredAsync("worker@test.entrycontrol.cn");
        Assert.Equal("CP-LINHE-G7", stored.CheckpointCode);
        Assert.Empty(stored.Communities);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_on_the_web_until_it_is_enabled_again()
    {
        var id = await CreateAsync("cc@test.entrycontrol.cn", Roles.CommandCenter);
        var browser = await AdminBrowserAsync();

        var disabled = await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Disable&id={id}"));

        Assert.Equal("已停用账号 cc@test.entrycontrol.cn。", disabled.Text("[data-testid=message]"));
        Assert.Equal("disabled", disabled.QuerySelector($"[data-testid=account][data-id='{id}'] [data-testid=status]")?.GetAttribute("data-status"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.BrowserForAsync("cc@test.entrycontrol.cn", Password));

        var enabled = await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Enable&id={id}"));

        Assert.Equal("active", enabled.QuerySelector($"[data-testid=account][data-id='{id}'] [data-testid=status]")?.GetAttribute("data-status"));
        await App.BrowserForAsync("cc@test.entrycontrol.cn", Password);
    }

    [Fact]
    public async Task A_disabled_admin_loses_an_open_web_session_at_the_next_security_stamp_check()
    {
        await CreateAsync("second-admin@test.entrycontrol.cn", Roles.Admin);
        var second = await App.BrowserForAsync("second-admin@test.entrycontrol.cn", Password);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync(Page, TestContext.Current.CancellationToken)).StatusCode);
        var id = (await StoredAsync("second-admin@test.entrycontrol.cn")).Id;
        var browser = await AdminBrowserAsync();

        await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Disable&id={id}"));
        App.Clock.Advance(TimeSpan.FromMinutes(31));

        var after = await second.GetAsync(Page, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/Login", after.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_has_no_disable_button_on_their_own_row_and_a_forged_request_is_refused()
    {
        var browser = await AdminBrowserAsync();
        var self = await StoredAsync(EntryControlApp.AdminEmail);
        var page = Html.Parse(await browser.GetStringAsync(Page, TestContext.Current.CancellationToken));
        Assert.Null(page.QuerySelector($"[data-testid=account][data-id='{self.Id}'] form[action*='handler=Disable']"));

        var refused = await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Disable&id={self.Id}"));

        Assert.Equal("不能停用自己的账号，请由其他管理员操作。", refused.Text("[data-testid=problem]"));
        Assert.Null((await StoredAsync(EntryControlApp.AdminEmail)).LockoutEnd);
    }

    [Fact]
    public async Task An_admin_sets_a_new_password_and_only_the_new_one_works()
    {
        var id = await CreateAsync("cc@test.entrycontrol.cn", Roles.CommandCenter);
        var browser = await AdminBrowserAsync();

        var weak = await (await browser.PostFormAsync(Page, $"{Page}?handler=Password&id={id}", ("Reset.Password", "weak"))).ParseAsync();
        Assert.False(string.IsNullOrWhiteSpace(weak.Text("[data-testid=edit-card] [data-valmsg-for='Reset.Password']")));

        var set = await browser.FollowAsync(await browser.PostFormAsync(Page, $"{Page}?handler=Password&id={id}", ("Reset.Password", "Brand-new-pass-2")));

        Assert.Equal("已设置新密码。", set.Text("[data-testid=message]"));
        Assert.Null(set.QuerySelector("input[name='Reset.Password'][value]"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => App.BrowserForAsync("cc@test.entrycontrol.cn", Password));
        await App.BrowserForAsync("cc@test.entrycontrol.cn", "Brand-new-pass-2");
    }
}
