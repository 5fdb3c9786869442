using System.Text.Json;

using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>Policies and decisions go out as JSON (GET /api/v1/policies, POST /api/v1/evaluations).</summary>
public class SerializationTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Serialized_policies_read_like_their_files_and_load_back_unchanged()
    {
        string[] first = [.. Shipped.Catalog.Policies.Select(p => JsonSerializer.Serialize(p, Web))];

        PolicyCatalog reloaded = PolicyCatalog.Load(first.Select((json, i) => new PolicySource($"serialized-{i}.json", json)));
        string[] second = [.. reloaded.Policies.Select(p => JsonSerializer.Serialize(p, Web))];

        Assert.Equal(first, second);
        Assert.Contains("\"kind\":\"riskLevel\"", first[0], StringComparison.Ordinal);
        Assert.Contains("\"levels\":[\"countyOfHigh\"]", first[0], StringComparison.Ordinal);
        Assert.Contains("\"lookBack\":{\"days\":7}", first[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"prefixes\":null", first[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_serializes_with_camel_case_enums_and_iso_dates()
    {
        Decision decision = Shipped.Evaluate("bayannur-2022-71", Trip("150802", "2022-11-20 10:00", Stay("150102", "2022-11-16", "2022-11-19")));

        string json = JsonSerializer.Serialize(decision, Web);

        Assert.Contains("\"measure\":\"homeIsolation\"", json, StringComparison.Ordinal);
        Assert.Contains("\"start\":\"2022-11-20\"", json, StringComparison.Ordinal);
        Assert.Contains("{\"date\":\"2022-11-22\",\"kind\":\"nat\"}", json, StringComparison.Ordinal);
        Assert.Contains("\"policy\":{\"id\":\"bayannur-2022-71\",\"version\":2,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("referral", json, StringComparison.Ordinal);
    }
}
