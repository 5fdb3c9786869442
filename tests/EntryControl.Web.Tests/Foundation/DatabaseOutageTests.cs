using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>
/// A database that cannot be reached (injected: connections refused as when PostgreSQL is down) is a 503 with
/// <c>Retry-After</c>, not a 500: a problem under /api, a page that says to try again elsewhere; and the start-up
/// step waits for the database instead of stopping the host.
/// </summary>
public sealed class DatabaseOutageTests(EntryControlApp app) : AppTest(app)
{
    private async Task ArrangeCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task An_api_request_while_the_database_is_down_is_a_503_problem_with_retry_after_and_works_again_when_it_is_back()
    {
        await ArrangeCommunityAsync();
        var traveler = App.CreateClient();
        App.Faults.FailOpens(int.MaxValue);

        var down = await traveler.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken);

        var problem = await down.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(2), down.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("Npgsql", problem.ToString(), StringComparison.Ordinal);

        App.Faults.Disarm();
        await (await traveler.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_page_while_the_database_is_down_is_a_503_page_that_says_to_try_again()
    {
        await ArrangeCommunityAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var browser = App.CreateClient();
        browser.DefaultRequestHeaders.Add("Accept-Language", "en");
        App.Faults.FailOpens(int.MaxValue);

        var page = await browser.GetAsync($"/d/{created.GetProperty("code").GetString()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("error-page", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_starts_and_serves_when_its_first_attempts_to_reach_the_database_fail()
    {
        App.Faults.FailOpens(2);
        await using var variant = App.WithWebHostBuilder(_ => { });

        var client = variant.CreateClient();

        await ArrangeCommunityAsync();
        await (await client.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }
}
