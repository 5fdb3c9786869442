using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>Issue 14 item 7: CSP, framing, sniffing, referrer, device features, HSTS, Secure cookies, no-store.</summary>
public sealed class SecurityHeadersTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : string.Empty;

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);

    [Theory]
    [InlineData("/")]
    [InlineData("/declare")]
    [InlineData("/lookup")]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/policies")]
    [InlineData("/api/v1/declarations/NOSUCHCODE")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_has_a_strict_policy_and_cannot_be_framed_sniffed_or_referred(string path)
    {
        var response = await App.CreateClient().GetAsync(path, Ct);

        var csp = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("script-src 'self'", csp["script-src"]);
        Assert.Equal("style-src 'self'", csp["style-src"]);
        Assert.Equal("frame-ancestors 'none'", csp["frame-ancestors"]);
        Assert.Equal("object-src 'none'", csp["object-src"]);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_checkpoint_console_may_use_the_camera_and_compile_the_scanner()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", "CP-LINHE-G7");

        var console = await officer.GetAsync("/checkpoint", Ct);
        var walkIn = await officer.GetAsync("/checkpoint/walk-in", Ct);

        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("camera=(self)", Header(console, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("script-src 'self' 'wasm-unsafe-eval'", Directives(Header(console, "Content-Security-Policy"))["script-src"]);
        Assert.Equal("frame-ancestors 'none'", Directives(Header(console, "Content-Security-Policy"))["frame-ancestors"]);
        Assert.Contains("camera=()", Header(walkIn, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.Equal("script-src 'self'", Directives(Header(walkIn, "Content-Security-Policy"))["script-src"]);
    }

    [Fact]
    public async Task Pages_carry_no_inline_script_handler_or_style_that_the_policy_would_block()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", "CP-LINHE-G7");
        var worker = await App.StaffClientAsync("communityWorker", communities: ["150802001001"]);
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        var anonymous = App.CreateClient();
        var pages = new (HttpClient Client, string Path)[]
        {
            (anonymous, "/"), (anonymous, "/declare"), (anonymous, "/lookup"), (anonymous, "/declare/find"), (anonymous, "/Account/Login"),
            (anonymous, $"/d/{code}"), (officer, "/checkpoint"), (officer, "/checkpoint/walk-in"), (worker, "/community"),
            (admin, "/command"), (admin, "/trace-lists"), (admin, "/Admin/RiskAreas"), (admin, "/Admin/Staff"),
            (admin, "/Admin/Communities"), (admin, "/Admin/Checkpoints"), (admin, "/Admin/Policies"),
        };

        foreach (var (client, path) in pages)
        {
            var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var document = await response.ParseAsync();
            Assert.All(document.Scripts, script => Assert.False(string.IsNullOrEmpty(script.Source), $"{path}: inline <script>"));
            foreach (var element in document.All)
            {
                var inline = element.Attributes.Where(a => a.Name == "style" || a.Name.StartsWith("on", StringComparison.Ordinal)
                    || a.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)).Select(a => a.Name).ToList();
                Assert.True(inline.Count == 0, $"{path}: <{element.LocalName}> has {string.Join(", ", inline)}");
            }
        }
    }

    [Fact]
    public async Task Personal_data_is_never_stored_by_a_cache_but_static_files_may_be()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        var client = App.CreateClient();

        foreach (var path in new[] { $"/api/v1/declarations/{code}", $"/d/{code}", $"/api/v1/declarations/{code}/qr.svg" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }

        var stylesheet = await client.GetAsync("/css/site.css", Ct);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        Assert.NotEqual(true, stylesheet.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Over_https_the_portal_asks_for_https_and_every_cookie_is_secure()
    {
        var https = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.test/"), AllowAutoRedirect = false });
        var http = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.test/"), AllowAutoRedirect = false });

        var login = await https.GetAsync("/Account/Login", Ct);
        var language = await https.GetAsync("/culture/en?returnUrl=/", Ct);
        var plain = await http.GetAsync("/Account/Login", Ct);

        Assert.Contains("max-age=31536000", Header(login, "Strict-Transport-Security"), StringComparison.Ordinal);
        var cookies = login.Headers.GetValues("Set-Cookie").Concat(language.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Equal(2, cookies.Count);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Header(plain, "Strict-Transport-Security"));
        Assert.All(plain.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_staff_session_cookie_is_secure_over_https()
    {
        var https = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.test/"), AllowAutoRedirect = false, HandleCookies = true });
        var form = await https.GetStringAsync("/Account/Login", Ct);

        var signedIn = await https.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = EntryControlApp.AdminPassword,
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(form),
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("EntryControl.Staff=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
    }
}
