using System.Net;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>
/// Issue 15: behind the configured proxy every client has its own rate-limit bucket and HTTPS is seen as HTTPS; a client
/// that is not a configured proxy cannot choose its address or scheme with the same headers.
/// </summary>
public sealed class ForwardedHeadersTests(EntryControlApp app) : AppTest(app)
{
    private const string Proxy = "10.20.0.2";
    private const int PermitPerMinute = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> BehindProxy() => App.WithWebHostBuilder(builder => builder
        .UseSetting("Proxy:KnownProxies:0", Proxy)
        .UseSetting("RateLimiting:PermitPerMinute", PermitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Task<HttpResponseMessage> ListRiskAreasAsync(HttpClient client, string from, string? forwardedFor = null, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/risk-areas");
        request.Headers.Add(TestAddresses.Header, from);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Behind_the_configured_proxy_each_traveler_has_their_own_rate_limit()
    {
        await using var portal = BehindProxy();
        var client = portal.CreateClient();

        for (var i = 0; i < PermitPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ListRiskAreasAsync(client, Proxy, "203.0.113.10")).StatusCode);
        }

        var refused = await ListRiskAreasAsync(client, Proxy, "203.0.113.10");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        // Another traveler through the same proxy is not refused: before this, the proxy's address was everyone's bucket.
        Assert.Equal(HttpStatusCode.OK, (await ListRiskAreasAsync(client, Proxy, "203.0.113.11")).StatusCode);
        // A chain "client, proxy we do not know": the nearest unknown hop is the client (ForwardLimit 1).
        Assert.Equal(HttpStatusCode.OK, (await ListRiskAreasAsync(client, Proxy, "198.51.100.1, 203.0.113.12")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_a_configured_proxy_cannot_pick_its_bucket_with_the_header()
    {
        await using var portal = BehindProxy();
        var client = portal.CreateClient();

        for (var i = 0; i < PermitPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ListRiskAreasAsync(client, "198.51.100.50", $"203.0.113.{100 + i}")).StatusCode);
        }

        // A fresh X-Forwarded-For every time, and still the sender's own (exhausted) bucket.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ListRiskAreasAsync(client, "198.51.100.50", "203.0.113.200")).StatusCode);
    }

    [Fact]
    public async Task Without_configured_proxies_not_even_loopback_is_believed()
    {
        // ASP.NET Core's own default trusts loopback, and its middleware believes everyone when both lists are empty; ours
        // trusts nothing unless configured.
        await using var portal = App.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimiting:PermitPerMinute", PermitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var client = portal.CreateClient();
        for (var i = 0; i < PermitPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ListRiskAreasAsync(client, "127.0.0.1", $"203.0.113.{i + 1}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await ListRiskAreasAsync(client, "127.0.0.1", "203.0.113.99")).StatusCode);
    }

    [Fact]
    public async Task Https_ended_at_the_proxy_is_https_to_the_portal_only_when_the_proxy_says_so()
    {
        await using var portal = BehindProxy();
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.test/") });

        var viaProxy = await ListRiskAreasAsync(client, Proxy, "203.0.113.20", "https");
        var direct = await ListRiskAreasAsync(client, "198.51.100.60", "203.0.113.21", "https");

        Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"));
        Assert.False(direct.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start_with_its_name()
    {
        await using var portal = App.WithWebHostBuilder(builder => builder
            .UseSetting("Proxy:KnownProxies:0", "nginx")
            .UseSetting("Proxy:KnownNetworks:0", "172.18.0.0/99"));

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("Proxy:KnownProxies: 'nginx'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Proxy:KnownNetworks: '172.18.0.0/99'", error.ToString(), StringComparison.Ordinal);
    }
}
