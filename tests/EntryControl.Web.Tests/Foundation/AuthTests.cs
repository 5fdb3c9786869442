using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Foundation;

public sealed class AuthTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task Login_with_the_right_password_returns_bearer_and_refresh_tokens()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/auth/login",
            new { email = EntryControlApp.AdminEmail, password = EntryControlApp.AdminPassword }, TestContext.Current.CancellationToken);

        var body = await response.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.Equal(3600, body.GetProperty("expiresIn").GetInt64());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401_problem()
    {
        var client = App.CreateClient();
        var wrong = await (await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = EntryControlApp.AdminEmail, password = "not-the-password" }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = "nobody@test.entrycontrol.cn", password = "not-the-password" }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Five_failures_block_that_address_for_that_email_without_locking_the_account()
    {
        var client = App.CreateClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var failed = await client.PostAsJsonAsync("/api/v1/auth/login",
                new { email = EntryControlApp.AdminEmail, password = $"wrong-{attempt}" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        // Before: five failures from anywhere locked the account itself for 15 minutes. Now only this address waits.
        await (await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = EntryControlApp.AdminEmail, password = EntryControlApp.AdminPassword }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests);
        var lockoutEnd = await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == EntryControlApp.AdminEmail).LockoutEnd));
        Assert.Null(lockoutEnd);
        // Another email from the same address has its own count.
        await (await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = "nobody@test.entrycontrol.cn", password = "whatever-1" }, TestContext.Current.CancellationToken))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_without_fields_is_a_validation_problem()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("email", "password");
    }

    [Fact]
    public async Task A_refresh_token_buys_a_new_access_token_and_garbage_does_not()
    {
        var client = App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login",
            new { email = EntryControlApp.AdminEmail, password = EntryControlApp.AdminPassword }, TestContext.Current.CancellationToken);
        var tokens = await login.Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(TestContext.Current.CancellationToken);

        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens!.RefreshToken }, TestContext.Current.CancellationToken);
        var body = await refreshed.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());

        var garbage = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "garbage" }, TestContext.Current.CancellationToken);
        await garbage.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Role_protected_endpoints_answer_401_without_a_token_and_403_for_the_wrong_role()
    {
        var anonymous = await App.CreateClient().GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);

        var commandCenter = await App.StaffClientAsync(Roles.CommandCenter);
        var forbidden = await commandCenter.GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);

        var forbiddenWrite = await commandCenter.PostAsJsonAsync("/api/v1/communities",
            new { code = "X1", name = "X", region = "150802" }, TestContext.Current.CancellationToken);
        await forbiddenWrite.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
