using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminAccessTests(EntryControlApp app) : AppTest(app)
{
    public static TheoryData<string> AdminPages() =>
    [
        "/Admin",
        "/Admin/RiskAreas",
        "/Admin/Communities",
        "/Admin/Checkpoints",
        "/Admin/Staff",
        "/Admin/Policies",
        "/Admin/Policies/bayannur-2022-71",
    ];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task An_admin_opens_the_page_from_the_admin_menu(string page)
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var response = await browser.GetAsync(page, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var menu = (await response.ParseAsync()).QuerySelector("[data-testid=admin-nav]");
        Assert.NotNull(menu);
        if (page.Count(c => c == '/') == 2)
        {
            Assert.NotNull(menu.QuerySelector($"a[href='{page}']"));
        }
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Staff_who_are_not_admins_are_sent_to_access_denied(string page)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "cc@test.entrycontrol.cn", password = "Command-pass-1", role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await App.BrowserForAsync("cc@test.entrycontrol.cn", "Command-pass-1");

        var response = await browser.GetAsync(page, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Null((await (await browser.GetAsync("/", TestContext.Current.CancellationToken)).ParseAsync()).QuerySelector("[data-testid=admin-nav]"));
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string page)
    {
        var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.GetAsync(page, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_admin_cannot_post_to_an_admin_page_either()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "cc@test.entrycontrol.cn", password = "Command-pass-1", role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await App.BrowserForAsync("cc@test.entrycontrol.cn", "Command-pass-1");
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/", TestContext.Current.CancellationToken));

        var response = await browser.PostAsync("/Admin/Communities?handler=Delete&code=150802001001",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.Communities.AnyAsync()));
    }

    [Fact]
    public async Task The_admin_landing_page_says_admins_cannot_open_the_console_or_the_follow_up_list_and_they_cannot()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var landing = await (await browser.GetAsync("/Admin", TestContext.Current.CancellationToken)).ParseAsync();
        var scope = landing.QuerySelector("[data-testid=admin-scope]")?.TextContent;
        Assert.Contains("/checkpoint", scope, StringComparison.Ordinal);
        Assert.Contains("/community", scope, StringComparison.Ordinal);
        foreach (var page in new[] { "/checkpoint", "/community" })
        {
            var response = await browser.GetAsync(page, TestContext.Current.CancellationToken);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/command", TestContext.Current.CancellationToken)).StatusCode);
    }
}
