using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

public sealed class DeclarationApiTests(EntryControlApp app) : AppTest(app)
{
    public const string ValidResidentId = "11010519491231002X";

    public static object Body(string? idNumber = ValidResidentId, string stayRegion = "610113", bool attestation = true,
        string arrivalAt = "2022-11-20T10:00:00+08:00", object[]? coTravelers = null) => new
        {
            traveler = new { name = "张三", idType = "residentId", idNumber, phone = "13800000000" },
            community = "150802001001",
            address = "临河区新华街 1 号",
            trip = new
            {
                arrivalAt,
                stays = new[] { new { region = stayRegion, from = "2022-11-16", to = "2022-11-19" } },
                nucleicAcidTest = new { sampledAt = "2022-11-19T09:00:00+08:00", result = "negative" },
                occupation = "none",
                travelerType = "person",
                homeIsolationFeasible = true,
            },
            attestation,
            coTravelers,
        };

    private async Task SeedCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_declaration_three_days_ahead_is_on_time_and_gets_its_decision_and_code()
    {
        await SeedCommunityAsync();

        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken);

        var body = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("onTime", body.GetProperty("registration").GetString());
        Assert.Equal("threeDayTwoTests", body.GetProperty("decision").GetProperty("measure").GetString());
        Assert.Equal(["五", "七"], body.GetProperty("decision").GetProperty("clauses").EnumerateArray().Select(c => c.GetString()).ToArray());
        var code = body.GetProperty("code").GetString()!;
        Assert.Equal(26, code.Length); // 26 × 5 = 130 random bits
        Assert.All(code, c => Assert.Contains(c, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"));
        Assert.Equal($"/api/v1/declarations/{code}", response.Headers.Location?.ToString());

        // Read back from the stored decision: clause 五's 3天2检 is still only advised.
        var stored = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(stored.GetProperty("decision").GetProperty("phases")[0].GetProperty("advisory").GetBoolean());
    }

    [Fact]
    public async Task A_declaration_less_than_three_days_ahead_is_late_but_kept()
    {
        await SeedCommunityAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 19, 9, 0, 0, TimeSpan.FromHours(8)));

        var body = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal("late", body.GetProperty("registration").GetString());
        Assert.Equal(1, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Fact]
    public async Task Reading_a_declaration_masks_the_id_number_and_the_phone()
    {
        await SeedCommunityAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        var response = await App.CreateClient().GetAsync($"/api/v1/declarations/{created.GetProperty("code").GetString()}", TestContext.Current.CancellationToken);

        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("110105********002X", body.GetProperty("traveler").GetProperty("idNumber").GetString());
        Assert.Equal("138****0000", body.GetProperty("traveler").GetProperty("phone").GetString());
        Assert.DoesNotContain(ValidResidentId, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("13800000000", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_fields_are_each_named_and_nothing_is_stored()
    {
        await SeedCommunityAsync();
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", new
        {
            traveler = new { name = "", idType = "residentId", idNumber = "110105194912310021", phone = "12345" },
            community = "999",
            address = "",
            trip = new { arrivalAt = "2022-12-30T10:00:00+08:00", stays = new[] { new { region = "610113", from = "2022-11-19", to = "2022-11-16" } } },
            attestation = false,
        }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync(
            "traveler.name", "traveler.idNumber", "traveler.phone", "community", "address", "attestation", "trip.arrivalAt", "trip.stays[0].to");
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?culture=en")]
    public async Task The_check_digit_message_is_given_in_the_chosen_language(string culture)
    {
        await SeedCommunityAsync();

        var problem = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations" + culture, Body("110105194912310021"), TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("traveler.idNumber");

        var message = problem.GetProperty("errors").GetProperty("traveler.idNumber")[0].GetString();
        Assert.Equal(culture.Length == 0 ? "身份证号码不正确（请核对出生日期和最后一位校验码）。" : "The resident ID number is not valid (check the birth date and the last character).", message);
    }

    [Fact]
    public async Task A_retried_submit_with_the_same_idempotency_key_returns_the_first_result_and_stores_once()
    {
        await SeedCommunityAsync();
        var client = App.CreateClient();

        async Task<HttpResponseMessage> SubmitAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "retry-1");
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var first = await (await SubmitAsync(Body())).AssertJsonAsync(HttpStatusCode.Created);
        var retried = await SubmitAsync(Body());
        var second = await retried.AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("code").GetString(), second.GetProperty("code").GetString());
        Assert.Equal(1, await App.WithDbAsync(db => db.Declarations.CountAsync()));
        await (await SubmitAsync(Body(stayRegion: "150202"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_unknown_code_is_a_404_problem()
    {
        var client = App.CreateClient();

        await (await client.GetAsync("/api/v1/declarations/not-a-code", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/declarations/not-a-code/qr.svg", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_qr_code_is_served_as_svg()
    {
        await SeedCommunityAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        var response = await App.CreateClient().GetAsync($"/api/v1/declarations/{created.GetProperty("code").GetString()}/qr.svg", TestContext.Current.CancellationToken);

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_family_of_three_gets_three_linked_declarations_each_with_its_own_code()
    {
        await SeedCommunityAsync();
        var body = Body(coTravelers:
        [
            new { name = "李四", idType = "passport", idNumber = "E12345678" },
            new { name = "张小三", idType = "residentId", idNumber = "110105201501010017" },
        ]);

        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        var group = created.GetProperty("group").EnumerateArray().ToArray();
        Assert.Equal(["张三", "李四", "张小三"], group.Select(g => g.GetProperty("name").GetString()).ToArray());
        Assert.Equal(3, group.Select(g => g.GetProperty("code").GetString()).Distinct().Count());
        var stored = await App.WithDbAsync(db => db.Declarations.Select(d => new { d.GroupId, Decisions = d.Decisions.Count }).ToListAsync());
        Assert.Equal(3, stored.Count);
        Assert.Single(stored.Select(s => s.GroupId).Distinct());
        Assert.All(stored, s => Assert.Equal(1, s.Decisions));
    }

    [Fact]
    public async Task Amending_before_arrival_re_decides_and_keeps_both_decision_records()
    {
        await SeedCommunityAsync();
        var client = App.CreateClient();
        var code = (await (await client.PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString();

        var amended = await (await client.PutAsJsonAsync($"/api/v1/declarations/{code}", Body(stayRegion: "150102"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("homeIsolation", amended.GetProperty("decision").GetProperty("measure").GetString());
        var records = await App.WithDbAsync(db => db.DecisionRecords.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id).Select(r => new { r.PolicyId, r.PolicyVersion, r.Occasion, r.Measure }).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal(("bayannur-2022-71", 2), (r.PolicyId, r.PolicyVersion)));
        Assert.Equal("threeDayTwoTests", records[0].Measure.ToString()[..1].ToLowerInvariant() + records[0].Measure.ToString()[1..]);
    }

    [Fact]
    public async Task A_cancelled_declaration_cannot_be_amended_and_after_arrival_nothing_changes()
    {
        await SeedCommunityAsync();
        var client = App.CreateClient();
        var code = (await (await client.PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString();
        var other = (await (await client.PostAsJsonAsync("/api/v1/declarations", Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).StatusCode);
        await (await client.PutAsJsonAsync($"/api/v1/declarations/{code}", Body(), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);

        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 11, 0, 0, TimeSpan.FromHours(8)));
        await (await client.DeleteAsync($"/api/v1/declarations/{other}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_stored_decision_record_keeps_the_designations_the_engine_saw()
    {
        await SeedCommunityAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Body(stayRegion: "110101"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var record = await App.WithDbAsync(db => db.DecisionRecords.SingleAsync());
        Assert.Contains("东华门街道", record.DesignationsJson, StringComparison.Ordinal);
        Assert.Contains("2022-11-20", record.InputJson, StringComparison.Ordinal);
    }
}
