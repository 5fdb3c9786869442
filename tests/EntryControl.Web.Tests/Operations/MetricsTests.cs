using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Operations;

/// <summary>
/// <c>/metrics</c>: who may read it where, and the portal's own counters moving with the work done through the API.
/// Each test reads a portal of its own: OpenTelemetry listens to instruments by name across the process, and a host the
/// other tests start and dispose ends the streams of the shared one (one portal a process in production).
/// </summary>
public sealed class MetricsTests(EntryControlApp app) : AppTest(app)
{
    private const string Checkpoint = "CP-LINHE-G7";

    [Fact]
    public async Task Metrics_on_the_main_port_are_for_admins_by_bearer_or_cookie_and_answer_401_and_403_to_others()
    {
        await using var portal = App.WithWebHostBuilder(_ => { });
        var anonymous = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);
        var admin = await SignInAsync(portal);
        await ArrangeCheckpointAsync(admin);
        var officer = await SignInAsync(portal, await CreateOfficerAsync(admin), OfficerPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);

        // A request first, so the server's request duration has a sample.
        await admin.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken);
        Assert.Contains("http_server_request_duration_seconds", await Scrape.MetricsAsync(admin), StringComparison.Ordinal);
        var browser = await BrowserAsync(portal);
        Assert.Contains("http_server_request_duration_seconds", await Scrape.MetricsAsync(browser), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declarations_count_by_channel_and_scans_by_recommended_outcome_once_committed()
    {
        await using var portal = App.WithWebHostBuilder(_ => { });
        var admin = await SignInAsync(portal);
        var checkpoint = await ArrangeCheckpointAsync(admin);
        var officer = await SignInAsync(portal, await CreateOfficerAsync(admin), OfficerPassword);
        var before = await Scrape.MetricsAsync(admin);

        // A traveler declares for two (a group: one declaration each); an officer registers a walk-in.
        var coTraveler = new { name = "李四", idType = "residentId", idNumber = "110105201501010017", phone = "13800000001" };
        var group = await (await portal.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(coTravelers: [coTraveler]), TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
        (await officer.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(idNumber: "110105198001010016"), TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode();
        var scanned = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = group.GetProperty("code").GetString(), checkpoint, temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.OK);
        var outcome = scanned.GetProperty("recommendedOutcome").GetString()!;

        var after = await Scrape.MetricsAsync(admin);
        Assert.Equal(2, Delta(before, after, "entrycontrol_declarations_total", "channel", "traveler"));
        Assert.Equal(1, Delta(before, after, "entrycontrol_declarations_total", "channel", "walkIn"));
        Assert.Equal(1, Delta(before, after, "entrycontrol_scans_total", "outcome", outcome));
        Assert.Equal(1, Delta(before, after, "entrycontrol_scans_total", "otel_scope_name", "EntryControl"));
    }

    [Fact]
    public async Task A_scan_rolled_back_with_its_request_is_not_counted_and_its_retry_is_counted_once()
    {
        await using var portal = App.WithWebHostBuilder(_ => { });
        var admin = await SignInAsync(portal);
        var checkpoint = await ArrangeCheckpointAsync(admin);
        var officer = await SignInAsync(portal, await CreateOfficerAsync(admin), OfficerPassword);
        var code = (await (await portal.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString();
        var before = await Scrape.MetricsAsync(admin);

        // The scan is saved (its savepoint released), then the request's transaction fails as its idempotency record is
        // written: everything is rolled back, the scan included.
        App.Faults.FailCommandsFrom("INSERT INTO idempotency_records");
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scans") { Content = JsonContent.Create(new { code, checkpoint, temperatureCelsius = 36.5 }) };
        first.Headers.Add("Idempotency-Key", "scan-1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await officer.SendAsync(first, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.CheckpointScans)));
        Assert.Equal(0, Delta(before, await Scrape.MetricsAsync(admin), "entrycontrol_scans_total", "otel_scope_name", "EntryControl"));

        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scans") { Content = JsonContent.Create(new { code, checkpoint, temperatureCelsius = 36.5 }) };
        retry.Headers.Add("Idempotency-Key", "scan-1");
        (await officer.SendAsync(retry, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(1, Delta(before, await Scrape.MetricsAsync(admin), "entrycontrol_scans_total", "otel_scope_name", "EntryControl"));
    }

    [Fact]
    public async Task Rate_limit_rejections_are_counted_by_policy()
    {
        await using var limited = App.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimiting:PermitPerMinute", "1")
            .UseSetting("Auth:SignInPermitPerMinute", "1"));
        // The admin reads the metrics signed in from its own address (one sign-in a minute per address).
        var admin = await SignInAsync(limited, address: "10.9.0.1");
        var publicBefore = await Scrape.ValueAsync(admin, "entrycontrol_rate_limit_rejections_total", "policy", "public");
        var signInBefore = await Scrape.ValueAsync(admin, "entrycontrol_rate_limit_rejections_total", "policy", "signIn");

        var traveler = limited.CreateClient();
        var trip = new { };
        await traveler.PostAsJsonAsync("/api/v1/evaluations", trip, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await traveler.PostAsJsonAsync("/api/v1/evaluations", trip, TestContext.Current.CancellationToken)).StatusCode);
        var stranger = limited.CreateClient();
        stranger.DefaultRequestHeaders.Add(TestAddresses.Header, "10.9.0.2");
        await stranger.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@test.entrycontrol.cn", password = "wrong-password" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await stranger.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@test.entrycontrol.cn", password = "wrong-password" }, TestContext.Current.CancellationToken)).StatusCode);

        var after = await Scrape.MetricsAsync(admin);
        Assert.Equal(publicBefore + 1, Scrape.Value(after, "entrycontrol_rate_limit_rejections_total", "policy", "public"));
        Assert.Equal(signInBefore + 1, Scrape.Value(after, "entrycontrol_rate_limit_rejections_total", "policy", "signIn"));
    }

    [Fact]
    public async Task A_submission_refused_by_the_instance_budget_is_counted_as_such_not_as_the_per_address_limit()
    {
        await using var limited = App.WithWebHostBuilder(builder => builder.UseSetting("RateLimiting:DeclarationsPerSecond", "1"));
        var admin = await SignInAsync(limited, address: "10.9.0.1");
        var budgetBefore = await Scrape.ValueAsync(admin, "entrycontrol_rate_limit_rejections_total", "policy", "declarations");
        var publicBefore = await Scrape.ValueAsync(admin, "entrycontrol_rate_limit_rejections_total", "policy", "public");

        // Eight travelers at once, each from its own address: the budget admits one a second (the body does not matter,
        // the limit comes first).
        var statuses = await Task.WhenAll(Enumerable.Range(1, 8).Select(async i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(new { }) };
            request.Headers.Add(TestAddresses.Header, $"198.51.100.{i}");
            return (await limited.CreateClient().SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
        }));

        var refused = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.InRange(refused, 1, 7);
        var after = await Scrape.MetricsAsync(admin);
        Assert.Equal(budgetBefore + refused, Scrape.Value(after, "entrycontrol_rate_limit_rejections_total", "policy", "declarations"));
        Assert.Equal(publicBefore, Scrape.Value(after, "entrycontrol_rate_limit_rejections_total", "policy", "public"));
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_anonymous_there_only_whatever_host_header_is_sent_to_the_main_port()
    {
        await using var withPort = App.WithWebHostBuilder(builder => builder.UseSetting("Metrics:Port", "9464"));
        var client = withPort.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // On the main port the Host header is the client's to write: it opens nothing.
        using var faked = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        faked.Headers.Host = "localhost:9464";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(faked, TestContext.Current.CancellationToken)).StatusCode);

        var scraper = withPort.CreateClient();
        scraper.DefaultRequestHeaders.Add(TestAddresses.LocalPortHeader, "9464");
        Assert.Contains("http_server_request_duration_seconds", await Scrape.MetricsAsync(scraper), StringComparison.Ordinal);
        // The metrics port serves nothing else of the portal.
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken)).StatusCode);
    }

    private static double Delta(string before, string after, string metric, string label, string value) =>
        Scrape.Value(after, metric, label, value) - Scrape.Value(before, metric, label, value);

    private static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string email = EntryControlApp.AdminEmail, string password = EntryControlApp.AdminPassword, string? address = null)
    {
        var anonymous = app.CreateClient();
        if (address is not null)
        {
            anonymous.DefaultRequestHeaders.Add(TestAddresses.Header, address);
        }

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(TestContext.Current.CancellationToken);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    private static async Task<HttpClient> BrowserAsync(WebApplicationFactory<Program> app)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);
        var signedIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = EntryControlApp.AdminPassword,
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(form),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    private const string OfficerEmail = "officer-metrics@test.entrycontrol.cn";
    private const string OfficerPassword = "Officer-pass-1";

    private static async Task<string> CreateOfficerAsync(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = Checkpoint }, TestContext.Current.CancellationToken))
            .EnsureSuccessStatusCode();
        return OfficerEmail;
    }

    private static async Task<string> ArrangeCheckpointAsync(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return Checkpoint;
    }
}
