using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>
/// Revocation: a demotion, a disabled account, a new password or a sign-out refuses the old access token and cookie on
/// the very next request, without waiting for the token's hour or the cookie's stamp check.
/// </summary>
public sealed class SessionTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Guid> CreateAsync(HttpClient admin, string email, string role, string? checkpoint = null)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, checkpoint }, Ct);
        return (await created.AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<EntryControlApp.TokenResponse> TokensAsync(string email, string password = Password)
    {
        var login = await App.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(Ct))!;
    }

    private HttpClient Bearer(EntryControlApp.TokenResponse tokens)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    private Task<HttpResponseMessage> RefreshAsync(EntryControlApp.TokenResponse tokens) =>
        App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, Ct);

    [Fact]
    public async Task A_demoted_admins_old_token_cannot_create_an_admin_right_after_the_demotion()
    {
        var admin = await App.AdminClientAsync();
        var id = await CreateAsync(admin, "second-admin@test.entrycontrol.cn", Roles.Admin);
        var second = Bearer(await TokensAsync("second-admin@test.entrycontrol.cn"));
        // The check of the second admin's session is now cached: the demotion must still take effect at once.
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/users", Ct)).StatusCode);

        (await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = Roles.CommandCenter }, Ct)).EnsureSuccessStatusCode();

        var created = await second.PostAsJsonAsync("/api/v1/users", new { email = "third-admin@test.entrycontrol.cn", password = Password, role = Roles.Admin }, Ct);
        await created.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "third-admin@test.entrycontrol.cn", Ct)));
        // Signing in again gives the new role only.
        var demoted = Bearer(await TokensAsync("second-admin@test.entrycontrol.cn"));
        Assert.Equal(HttpStatusCode.Forbidden, (await demoted.GetAsync("/api/v1/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_officers_old_token_cannot_store_a_scan()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var declaration = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        var code = declaration.GetProperty("code").GetString();
        var id = await CreateAsync(admin, "officer@test.entrycontrol.cn", Roles.CheckpointOfficer, "CP-LINHE-G7");
        var officer = Bearer(await TokensAsync("officer@test.entrycontrol.cn"));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync("/api/v1/checkpoints", Ct)).StatusCode);

        (await admin.PostAsync($"/api/v1/users/{id}/disable", null, Ct)).EnsureSuccessStatusCode();

        var scan = await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, Ct);
        await scan.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(await App.WithDbAsync(db => db.CheckpointScans.AnyAsync(Ct)));
    }

    [Fact]
    public async Task A_new_password_refuses_the_old_token_and_the_old_cookie_at_once()
    {
        var admin = await App.AdminClientAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);
        var token = Bearer(await TokensAsync("cc@test.entrycontrol.cn"));
        var browser = await App.BrowserForAsync("cc@test.entrycontrol.cn", Password);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/v1/checkpoints", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/command", Ct)).StatusCode);

        (await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { password = "Brand-new-pass-9" }, Ct)).EnsureSuccessStatusCode();

        await (await token.GetAsync("/api/v1/checkpoints", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var page = await browser.GetAsync("/command", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_refuses_that_sessions_tokens_and_only_that_session()
    {
        var first = await TokensAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var second = await TokensAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(first).GetAsync("/api/v1/users", Ct)).StatusCode);

        var logout = await Bearer(first).PostAsync("/api/v1/auth/logout", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await (await Bearer(first).GetAsync("/api/v1/users", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(first)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(second).GetAsync("/api/v1/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(second)).StatusCode);
        await (await App.CreateClient().PostAsync("/api/v1/auth/logout", null, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Signing_out_on_the_page_refuses_a_copy_of_the_cookie()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var page = await browser.GetStringAsync("/Admin", Ct);
        // A copy of the cookie, as someone who took it from the browser would hold it.
        var copy = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var cookie = await CookieOfAsync(browser);
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/users", Ct)).StatusCode);

        var logout = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(page),
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        await (await copy.GetAsync("/api/v1/users", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_reused_refresh_token_is_refused_and_ends_the_newer_tokens_too()
    {
        var tokens = await TokensAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var refreshed = await RefreshAsync(tokens);
        var newer = (await refreshed.Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(Ct))!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(newer).GetAsync("/api/v1/users", Ct)).StatusCode);

        // The first refresh token again: someone holds a copy. The whole family ends.
        await (await RefreshAsync(tokens)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await (await RefreshAsync(newer)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await Bearer(newer).GetAsync("/api/v1/users", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Other sessions of the account are untouched.
        Assert.Equal(HttpStatusCode.OK, (await (await App.AdminClientAsync()).GetAsync("/api/v1/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_is_used_once_and_its_successor_works()
    {
        var tokens = await TokensAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var second = (await (await RefreshAsync(tokens)).Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(Ct))!;
        var third = await RefreshAsync(second);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.NotEqual(tokens.RefreshToken, second.RefreshToken);
    }

    [Fact]
    public async Task A_token_without_a_session_is_refused()
    {
        // What a token issued before sessions existed carries: the user's claims and stamp, no session id.
        await using var scope = App.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<StaffUser>>();
        var user = (await signIn.UserManager.FindByEmailAsync(EntryControlApp.AdminEmail))!;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>>()
            .Get(Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme);
        var ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(principal, new Microsoft.AspNetCore.Authentication.AuthenticationProperties
        {
            ExpiresUtc = App.Clock.GetUtcNow().AddHours(1),
        }, Microsoft.AspNetCore.Identity.IdentityConstants.BearerScheme);
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.BearerTokenProtector.Protect(ticket));

        await (await client.GetAsync("/api/v1/users", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> CookieOfAsync(HttpClient browser)
    {
        // The factory's cookie handler keeps the cookies; a request that echoes them is the simplest way to read one back.
        var response = await browser.GetAsync("/Admin", Ct);
        var request = response.RequestMessage!;
        return string.Join("; ", request.Headers.TryGetValues("Cookie", out var values) ? values : []);
    }
}
