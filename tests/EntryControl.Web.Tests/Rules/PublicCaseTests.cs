using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Rules;

/// <summary>Every worked case of the spec (a copy in TestData) through the HTTP API, designations set up through the registry API.</summary>
public sealed class PublicCaseTests(EntryControlApp app) : AppTest(app)
{
    private static readonly JsonArray Cases = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "evaluations.public.json")))!.AsArray();

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var node in Cases)
        {
            names.Add(node!["name"]!.GetValue<string>());
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Public_case_holds_through_the_api(string name)
    {
        var testCase = Cases.Single(c => c!["name"]!.GetValue<string>() == name)!;
        var admin = await App.AdminClientAsync();
        foreach (var area in testCase["riskAreas"]!.AsArray())
        {
            var created = await admin.PostAsJsonAsync("/api/v1/risk-areas", area, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var response = await App.CreateClient().PostAsync("/api/v1/evaluations",
            JsonContent.Create(testCase["request"]), TestContext.Current.CancellationToken);

        var expected = testCase["expected"]!;
        Assert.Equal(expected["status"]!.GetValue<int>(), (int)response.StatusCode);
        if (expected["body"] is not JsonObject body)
        {
            await response.AssertProblemAsync(response.StatusCode);
            return;
        }

        // The cases name what they check: every property they give must match, recursively (a response property they
        // do not name, such as policy.version or a phase's "advisory", is not compared).
        var actual = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        foreach (var (key, value) in body)
        {
            Assert.True(Covers(value, actual[key]), $"{key}: expected {value?.ToJsonString()}, got {actual[key]?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}");
        }

        Assert.True(actual["policy"]!["version"]!.GetValue<int>() >= 1);
        // One explanation per fired rule; a rule may cite several clauses (nmg 一、三).
        Assert.Equal(actual["clauses"]!.AsArray().Count > 0, actual["explanations"]!.AsArray().Count > 0);
    }

    /// <summary>Whether <paramref name="actual"/> has every property of <paramref name="expected"/> with the same value; arrays match item by item.</summary>
    private static bool Covers(JsonNode? expected, JsonNode? actual) => (expected, actual) switch
    {
        (JsonObject e, JsonObject a) => e.All(p => a.ContainsKey(p.Key) && Covers(p.Value, a[p.Key])),
        (JsonArray e, JsonArray a) => e.Count == a.Count && e.Zip(a).All(pair => Covers(pair.First, pair.Second)),
        _ => JsonNode.DeepEquals(expected, actual),
    };
}
