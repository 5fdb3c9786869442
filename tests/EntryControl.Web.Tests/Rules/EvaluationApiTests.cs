using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Rules;

public sealed class EvaluationApiTests(EntryControlApp app) : AppTest(app)
{
    private static object Trip(object? overrides = null) => overrides ?? new
    {
        destination = "150802",
        arrivalAt = "2022-11-20T10:00:00+08:00",
        stays = new[] { new { region = "110101", areas = new[] { "东华门街道" }, from = "2022-11-14", to = "2022-11-18" } },
    };

    [Fact]
    public async Task A_designation_added_through_the_api_is_seen_by_the_next_evaluation_and_lifting_it_is_too()
    {
        var client = App.CreateClient();
        var before = await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("threeDayTwoTests", before.GetProperty("measure").GetString());

        var admin = await App.AdminClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/risk-areas",
            new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var during = await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("homeIsolation", during.GetProperty("measure").GetString());

        // Lifted before the stay began: the stay no longer touches it.
        var id = created.GetProperty("id").GetGuid();
        var lifted = await admin.PutAsJsonAsync($"/api/v1/risk-areas/{id}",
            new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10", to = "2022-11-12" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        var after = await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("threeDayTwoTests", after.GetProperty("measure").GetString());
    }

    [Fact]
    public async Task The_decision_names_the_policy_version_and_quotes_each_fired_clause()
    {
        var body = await (await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("bayannur-2022-71", body.GetProperty("policy").GetProperty("id").GetString());
        // Bayannur's clause 一 was corrected in version 2 (counted from leaving the risk area).
        Assert.Equal(2, body.GetProperty("policy").GetProperty("version").GetInt32());
        // Clause 五 only advises its 3天2检 (policies.md): the phase says so.
        Assert.True(body.GetProperty("phases")[0].GetProperty("advisory").GetBoolean());
        var details = body.GetProperty("details").EnumerateArray().ToArray();
        Assert.Equal(["五", "七"], details.Select(d => d.GetProperty("clause").GetString()).ToArray());
        Assert.All(details, d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("text").GetString())));
    }

    [Fact]
    public async Task Explanations_follow_the_chosen_language()
    {
        var client = App.CreateClient();
        var chinese = await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var english = await (await client.PostAsJsonAsync("/api/v1/evaluations?culture=en", Trip(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        var zh = chinese.GetProperty("explanations")[0].GetString()!;
        var en = english.GetProperty("explanations")[0].GetString()!;
        Assert.Contains(zh, c => c >= '\u4e00' && c <= '\u9fff');
        Assert.DoesNotContain(en, c => c >= '\u4e00' && c <= '\u9fff');
    }

    [Fact]
    public async Task No_policy_in_force_is_a_422_problem()
    {
        var trip = new { destination = "150102", arrivalAt = "2020-05-10T12:00:00+08:00", stays = Array.Empty<object>() };
        var english = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations?culture=en", trip, TestContext.Current.CancellationToken);
        var chinese = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations", trip, TestContext.Current.CancellationToken);

        Assert.Contains("No entry policy is in force for destination 150102 on 2020-05-10", (await english.AssertProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("没有施行中的来（返）人员防控通告", (await chinese.AssertProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_destination_and_arrival_are_named()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations", new { }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("destination", "arrivalAt");
    }

    [Fact]
    public async Task Every_bad_field_of_the_spec_is_named_in_one_problem()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations", new
        {
            destination = "150800",
            arrivalAt = "2022-11-20T10:00:00+08:00",
            stays = new object[]
            {
                new { region = "99999", from = "2022-11-14", to = "2022-11-18" },
                new { region = "110101", from = "2022-11-18", to = "2022-11-14" },
                new { region = "110101", from = "2022-11-21", to = "2022-11-22" },
            },
            nucleicAcidTest = new { sampledAt = "2022-11-20T11:00:00+08:00", result = "unclear" },
            abroad = new { enteredChinaOn = "2022-11-10", centralizedQuarantineDays = 11 },
            occupation = "pilot",
            travelerType = "cyclist",
            temperatureCelsius = 46.0,
        }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync(
            "destination", "stays[0].region", "stays[1].to", "stays[2].from",
            "nucleicAcidTest.sampledAt", "nucleicAcidTest.result", "abroad.centralizedQuarantineDays",
            "occupation", "travelerType", "temperatureCelsius");
    }

    [Theory]
    [InlineData("2022-11-20T10:00:00", "arrivalAt")]
    [InlineData("20/11/2022", "arrivalAt")]
    public async Task An_arrival_without_an_offset_or_in_another_format_is_refused(string arrivalAt, string field)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations",
            new { destination = "150802", arrivalAt }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task An_abroad_entry_after_arrival_and_negative_quarantine_days_are_named()
    {
        var after = await App.CreateClient().PostAsJsonAsync("/api/v1/evaluations", new
        {
            destination = "150802",
            arrivalAt = "2022-11-20T10:00:00+08:00",
            abroad = new { enteredChinaOn = "2022-11-21", centralizedQuarantineDays = -1 },
        }, TestContext.Current.CancellationToken);

        await after.AssertValidationProblemAsync("abroad.enteredChinaOn", "abroad.centralizedQuarantineDays");
    }

    [Fact]
    public async Task A_wrongly_typed_value_is_a_400_problem_not_a_500()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/evaluations",
            new StringContent("""{"destination":"150802","arrivalAt":"2022-11-20T10:00:00+08:00","temperatureCelsius":"hot"}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("temperatureCelsius");
    }

    [Fact]
    public async Task The_public_endpoint_is_rate_limited_with_429_and_retry_after()
    {
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PermitPerMinute", "2"));
        var client = limited.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken)).StatusCode);
        }

        var rejected = await client.PostAsJsonAsync("/api/v1/evaluations", Trip(), TestContext.Current.CancellationToken);
        await rejected.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Policies_are_listed_and_shown_with_clauses_rules_and_dates()
    {
        var client = App.CreateClient();
        var list = await (await client.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["nmg-2020-98@1 published", "erenhot-2021-63@1 published", "hulunbuir-2021-60@1 superseded", "hulunbuir-2021-60@2 published", "bayannur-2022-71@1 superseded", "bayannur-2022-71@2 published"],
            list.EnumerateArray().Select(p => $"{p.GetProperty("id").GetString()}@{p.GetProperty("version").GetInt32()} {p.GetProperty("status").GetString()}").ToArray());

        var bayannur = await (await client.GetAsync("/api/v1/policies/bayannur-2022-71", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, "published"), (bayannur.GetProperty("version").GetInt32(), bayannur.GetProperty("status").GetString()));
        Assert.Equal("2022-11-14", bayannur.GetProperty("effectiveFrom").GetString());
        var first = await (await client.GetAsync("/api/v1/policies/bayannur-2022-71?version=1", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((1, "superseded", "2022-11-14"), (first.GetProperty("version").GetInt32(), first.GetProperty("status").GetString(), first.GetProperty("effectiveFrom").GetString()));
        Assert.Equal(3, bayannur.GetProperty("advanceRegistrationDays").GetInt32());
        Assert.Contains(bayannur.GetProperty("clauses").EnumerateArray(), c => c.GetProperty("number").GetString() == "七");
        Assert.True(bayannur.GetProperty("rules").GetArrayLength() >= 8);

        await (await client.GetAsync("/api/v1/policies/nowhere", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
