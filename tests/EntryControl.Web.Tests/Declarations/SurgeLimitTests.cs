using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>
/// A surge of declarations from many addresses: the per-address limit alone lets every address through, so the
/// instance-wide budget (<c>RateLimiting:DeclarationsPerSecond</c>) sheds the excess with 429 and Retry-After.
/// </summary>
public sealed class SurgeLimitTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SeedCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
    }

    private static Task<HttpResponseMessage> SubmitFromAsync(HttpClient client, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(DeclarationApiTests.Body()) };
        request.Headers.Add(TestAddresses.Header, address);
        return client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Submissions_from_many_addresses_beyond_the_instance_budget_get_429_with_retry_after_and_only_the_admitted_are_stored()
    {
        await SeedCommunityAsync();
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("RateLimiting:DeclarationsPerSecond", "3"));
        var client = limited.CreateClient();

        // Twenty travelers, each from an address of their own, at once: each is far below the per-address limit.
        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => SubmitFromAsync(client, $"203.0.113.{i}")));

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(20, created + rejected.Count);
        Assert.InRange(created, 3, 9); // the full bucket (3), plus at most two refills should the burst straddle them
        Assert.NotEmpty(rejected);
        foreach (var response in rejected)
        {
            await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(created, await App.WithDbAsync(db => db.Declarations.CountAsync(Ct)));
    }

    [Fact]
    public async Task The_instance_budget_covers_declaration_submissions_only()
    {
        await SeedCommunityAsync();
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("RateLimiting:DeclarationsPerSecond", "1"));
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            statuses.Add((await SubmitFromAsync(client, $"198.51.100.{i}")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // An evaluation from yet another address while the submission budget is spent is still answered.
        var evaluation = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evaluations")
        {
            Content = JsonContent.Create(new
            {
                destination = "150802",
                arrivalAt = "2022-11-20T10:00:00+08:00",
                stays = new[] { new { region = "610113", from = "2022-11-16", to = "2022-11-19" } },
            }),
        };
        evaluation.Headers.Add(TestAddresses.Header, "198.51.100.99");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(evaluation, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_per_address_limit_still_stops_one_address_below_the_instance_budget()
    {
        await SeedCommunityAsync();
        await using var limited = App.WithWebHostBuilder(b => b
            .UseSetting("RateLimiting:PermitPerMinute", "2")
            .UseSetting("RateLimiting:DeclarationsPerSecond", "1000"));
        var client = limited.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await SubmitFromAsync(client, "192.0.2.7")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitFromAsync(client, "192.0.2.7")).StatusCode);
        var third = await SubmitFromAsync(client, "192.0.2.7");
        await third.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(1)); // the per-address minute window, not the bucket
        Assert.Equal(HttpStatusCode.Created, (await SubmitFromAsync(client, "192.0.2.8")).StatusCode);
    }
}
