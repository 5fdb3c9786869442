using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>
/// Sign-in: an unknown email costs a password check like a known one; failures are limited per (email, address), so a
/// stranger blocks only their own address; attempts per address are limited on the API and the page alike.
/// </summary>
public sealed class SignInLimitTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> LoginAsync(string email, string password, string address, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestAddresses.Header, address);
        return (client ?? App.CreateClient()).SendAsync(request, Ct);
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_both_run_the_password_hasher_once()
    {
        var verifications = App.Services.GetRequiredService<PasswordVerifications>();

        var before = verifications.Count;
        await (await LoginAsync("nobody@test.entrycontrol.cn", "not-the-password", "198.51.100.1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = verifications.Count - before;

        before = verifications.Count;
        await (await LoginAsync(EntryControlApp.AdminEmail, "not-the-password", "198.51.100.1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var known = verifications.Count - before;

        Assert.Equal(1, unknown);
        Assert.Equal(1, known);
    }

    [Fact]
    public async Task A_strangers_failures_block_the_strangers_address_and_not_the_real_user_elsewhere()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await LoginAsync(EntryControlApp.AdminEmail, $"wrong-{attempt}", "203.0.113.66")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // The stranger's address is refused for this email, even with the right password, and is told when to retry.
        var blocked = await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "203.0.113.66");
        var problem = await blocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var retryAfter = blocked.Headers.RetryAfter?.Delta;
        Assert.InRange(retryAfter!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        // The admin, from their own desk, signs in; the account itself was never locked.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "192.0.2.10")).StatusCode);
        var lockoutEnd = await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == EntryControlApp.AdminEmail).LockoutEnd));
        Assert.Null(lockoutEnd);

        // After the window the stranger's address may try again.
        App.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "203.0.113.66")).StatusCode);
    }

    [Fact]
    public async Task Failures_for_an_unknown_email_are_limited_the_same_way()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await (await LoginAsync("nobody@test.entrycontrol.cn", $"wrong-{attempt}", "203.0.113.66")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        await (await LoginAsync("nobody@test.entrycontrol.cn", "wrong", "203.0.113.66")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Failures_spread_over_many_addresses_are_capped_per_account_but_a_trusted_address_still_signs_in()
    {
        // The admin signed in from their desk before the attack.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "192.0.2.10")).StatusCode);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var response = await LoginAsync(EntryControlApp.AdminEmail, $"wrong-{attempt}", $"203.0.113.{attempt / 4}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // A fresh address gets no more guesses at this account …
        await (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "203.0.113.200")).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        // … while the desk the admin signed in from still works.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "192.0.2.10")).StatusCode);
    }

    [Fact]
    public async Task The_login_page_shows_the_limit_next_to_the_form()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add(TestAddresses.Header, "203.0.113.66");
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/Account/Login", Ct));
        Task<HttpResponseMessage> Post(string password) => browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }), Ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Post($"wrong-{attempt}")).StatusCode);
        }

        var blocked = await Post(EntryControlApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        var page = await blocked.ParseAsync();
        Assert.Contains("登录尝试次数过多", page.QuerySelector("[data-error-summary]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attempts_per_address_are_limited_on_the_api_and_the_page()
    {
        await using var limited = App.WithWebHostBuilder(builder => builder.UseSetting("Auth:SignInPermitPerMinute", "3"));
        var client = limited.CreateClient();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // Different emails: the per-address limit counts every attempt, whatever the account.
            var response = await LoginAsync($"user{attempt}@test.entrycontrol.cn", "wrong", "198.51.100.7", client);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var refused = await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "198.51.100.7", client);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        // The page shares the address's budget.
        var browser = limited.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add(TestAddresses.Header, "198.51.100.7");
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/Account/Login", Ct));
        var page = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = EntryControlApp.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword, "198.51.100.8", client)).StatusCode);
    }
}
