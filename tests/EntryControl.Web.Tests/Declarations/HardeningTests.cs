using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>Inputs that once reached the database or a null dereference: each must be a 4xx problem.</summary>
public sealed class HardeningTests(EntryControlApp app) : AppTest(app)
{
    private async Task SeedCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_null_stay_is_a_400_naming_it()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/evaluations", new StringContent(
            """{"destination":"150802","arrivalAt":"2022-11-20T10:00:00+08:00","stays":[null]}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("stays[0]");
    }

    [Fact]
    public async Task A_null_co_traveler_a_freight_driver_without_vehicle_and_a_nul_character_are_400s()
    {
        await SeedCommunityAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            traveler = new { name = "张三", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId, phone = "13800000000" },
            community = "150802001001",
            address = "Xinhua Street 1",
            trip = new { arrivalAt = "2022-11-20T10:00:00+08:00", travelerType = "freightDriver" },
            attestation = true,
            coTravelers = new object?[] { null },
        });

        var response = await App.CreateClient().PostAsync("/api/v1/declarations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("coTravelers[0]", "vehicle.plate");

        // A NUL is refused while the body is read (Infrastructure/Http/InputText), before the validators run.
        var nul = await App.CreateClient().PostAsync("/api/v1/declarations", new StringContent(
            body.Replace("Xinhua Street 1", "Xinhua\\u0000Street 1", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        await nul.AssertValidationProblemAsync("address");
    }

    [Fact]
    public async Task A_short_region_filter_is_a_400_naming_it_rather_than_a_failure()
    {
        var response = await App.CreateClient().GetAsync("/api/v1/risk-areas?region=00", TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("region");
    }

    [Fact]
    public async Task A_community_with_declarations_cannot_be_deleted()
    {
        await SeedCommunityAsync();
        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var admin = await App.AdminClientAsync();

        var response = await admin.DeleteAsync("/api/v1/communities/150802001001", TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_bad_submit_with_a_key_is_replayed_as_the_same_400_and_a_fixed_body_needs_a_new_key()
    {
        await SeedCommunityAsync();
        var client = App.CreateClient();

        async Task<HttpResponseMessage> SubmitAsync(object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var bad = DeclarationApiTests.Body(attestation: false);
        await (await SubmitAsync(bad, "k-1")).AssertValidationProblemAsync("attestation");
        var replayed = await SubmitAsync(bad, "k-1");
        await replayed.AssertValidationProblemAsync("attestation");
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(DeclarationApiTests.Body(), "k-2")).StatusCode);
    }
}
