using System.Text.Json;
using System.Text.Json.Serialization;
using EntryControl.Rules;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>The designations a registry change replaced or made, as stored in <see cref="RegistryChange"/> (version 1).</summary>
public static class RegistryChangeJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Write(IEnumerable<RiskDesignation> designations) =>
        JsonSerializer.Serialize(designations.Select(d => new ChangedDesignation(d.Region, d.Area, d.Level, d.From, d.To)).ToList(), Options);

    public static IReadOnlyList<RiskDesignation> Read(string json) =>
        [.. (JsonSerializer.Deserialize<List<ChangedDesignation>>(json, Options) ?? []).Select(d => new RiskDesignation(d.Region, d.Area, d.Level, d.From, d.To))];

    private sealed record ChangedDesignation(string Region, string? Area, RiskLevel Level, DateOnly From, DateOnly? To);
}
