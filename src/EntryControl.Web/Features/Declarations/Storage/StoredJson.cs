using System.Text.Json;
using System.Text.Json.Serialization;
using EntryControl.Rules;
using EntryControl.Web.Features.Evaluations;

namespace EntryControl.Web.Features.Declarations.Storage;

/// <summary>
/// The JSON columns of declarations and decision records. What is stored has its own records and options, so a change
/// to the API's DTOs or to the rules engine's types never silently changes data at rest: such a change needs a new
/// <c>version</c> here and a reader for the old one. Version 1 is the shape the first release wrote (rows without a
/// <c>version</c> property are version 1).
/// </summary>
public static class StoredJson
{
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string TripAsDeclared(TripInput trip) => JsonSerializer.Serialize(DeclaredTrip.From(trip), Options);

    public static TripInput ReadTripAsDeclared(string json) => Read<DeclaredTrip>(json).ToInput();

    public static string Decision(Decision decision) => JsonSerializer.Serialize(StoredDecision.From(decision), Options);

    public static Decision ReadDecision(string json) => Read<StoredDecision>(json).ToDecision();

    public static string EngineInput(Trip trip) => JsonSerializer.Serialize(StoredTrip.From(trip), Options);

    public static Trip ReadEngineInput(string json) => Read<StoredTrip>(json).ToTrip();

    public static string Designations(IEnumerable<RiskDesignation> designations) =>
        JsonSerializer.Serialize(designations.Select(StoredDesignation.Of).ToList(), Options);

    public static IReadOnlyList<RiskDesignation> ReadDesignations(string json) =>
        [.. (JsonSerializer.Deserialize<List<StoredDesignation>>(json, Options) ?? []).Select(d => d.ToDesignation())];

    private static T Read<T>(string json)
        where T : IStoredDocument
    {
        var document = JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");
        return document.Version is >= 1 and <= CurrentVersion
            ? document
            : throw new NotSupportedException($"A stored {typeof(T).Name} has version {document.Version}; this build reads up to {CurrentVersion}.");
    }
}

internal interface IStoredDocument
{
    int Version { get; }
}

/// <summary>The trip as the traveler declared it (texts as entered), for the amend form and for re-decisions.</summary>
internal sealed record DeclaredTrip(
    string? ArrivalAt,
    IReadOnlyList<DeclaredStay>? Stays,
    DeclaredAbroad? Abroad,
    DeclaredCertificate? NucleicAcidTest,
    string? Occupation,
    string? TravelerType,
    bool? HomeIsolationFeasible) : IStoredDocument
{
    /// <summary>途经: written only when true; absent in records written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Transit { get; init; }

    public int Version { get; init; } = StoredJson.CurrentVersion;

    public static DeclaredTrip From(TripInput trip) => new(
        trip.ArrivalAt,
        trip.Stays?.Select(s => s is null ? null! : new DeclaredStay(s.Region, s.Areas, s.From, s.To)).ToList(),
        trip.Abroad is { } abroad ? new DeclaredAbroad(abroad.EnteredChinaOn, abroad.CentralizedQuarantineDays) : null,
        trip.NucleicAcidTest is { } test ? new DeclaredCertificate(test.SampledAt, test.Result) : null,
        trip.Occupation,
        trip.TravelerType,
        trip.HomeIsolationFeasible)
    {
        Transit = trip.Transit == true ? true : null,
    };

    public TripInput ToInput() => new(
        ArrivalAt,
        Stays?.Select(s => new StayInput(s.Region, s.Areas, s.From, s.To)).ToList(),
        Abroad is { } abroad ? new AbroadInput(abroad.EnteredChinaOn, abroad.CentralizedQuarantineDays) : null,
        NucleicAcidTest is { } test ? new CertificateInput(test.SampledAt, test.Result) : null,
        Occupation,
        TravelerType,
        HomeIsolationFeasible,
        Transit);
}

internal sealed record DeclaredStay(string? Region, IReadOnlyList<string>? Areas, string? From, string? To);

internal sealed record DeclaredAbroad(string? EnteredChinaOn, int? CentralizedQuarantineDays);

internal sealed record DeclaredCertificate(string? SampledAt, string? Result);

/// <summary>The engine's input as it decided (destination, instants, stays …).</summary>
internal sealed record StoredTrip(
    string Destination,
    DateTimeOffset ArrivalAt,
    IReadOnlyList<StoredStay> Stays,
    StoredAbroad? Abroad,
    StoredCertificate? NucleicAcidTest,
    Occupation Occupation,
    TravelerType TravelerType,
    bool PreRegistered,
    bool HomeIsolationFeasible,
    decimal? TemperatureCelsius) : IStoredDocument
{
    public int Version { get; init; } = StoredJson.CurrentVersion;

    public static StoredTrip From(Trip trip) => new(
        trip.Destination,
        trip.ArrivalAt,
        [.. trip.Stays.Select(s => new StoredStay(s.Region, s.Areas, s.From, s.To))],
        trip.Abroad is { } abroad ? new StoredAbroad(abroad.EnteredChinaOn, abroad.CentralizedQuarantineDays) : null,
        trip.NucleicAcidTest is { } test ? new StoredCertificate(test.SampledAt, test.Result) : null,
        trip.Occupation,
        trip.TravelerType,
        trip.PreRegistered,
        trip.HomeIsolationFeasible,
        trip.TemperatureCelsius);

    public Trip ToTrip() => new(
        Destination,
        ArrivalAt,
        [.. Stays.Select(s => new Stay(s.Region, s.Areas ?? [], s.From, s.To))],
        Abroad is { } abroad ? new AbroadEntry(abroad.EnteredChinaOn, abroad.CentralizedQuarantineDays) : null,
        NucleicAcidTest is { } test ? new NucleicAcidCertificate(test.SampledAt, test.Result) : null,
        Occupation,
        TravelerType,
        PreRegistered,
        HomeIsolationFeasible,
        TemperatureCelsius);
}

internal sealed record StoredStay(string Region, IReadOnlyList<string>? Areas, DateOnly From, DateOnly To);

internal sealed record StoredAbroad(DateOnly EnteredChinaOn, int CentralizedQuarantineDays);

internal sealed record StoredCertificate(DateTimeOffset SampledAt, TestResult Result);

internal sealed record StoredDesignation(string Region, string? Area, RiskLevel Level, DateOnly From, DateOnly? To)
{
    public static StoredDesignation Of(RiskDesignation d) => new(d.Region, d.Area, d.Level, d.From, d.To);

    public RiskDesignation ToDesignation() => new(Region, Area, Level, From, To);
}

/// <summary>A decision as it was made: measure, phases with their tests, clauses and explanations in both languages.</summary>
internal sealed record StoredDecision(
    StoredPolicy Policy,
    Measure Measure,
    bool EntryAllowed,
    bool LandingTest,
    IReadOnlyList<StoredPhase> Phases,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<StoredExplanation> Explanations,
    StoredReferral? Referral) : IStoredDocument
{
    public int Version { get; init; } = StoredJson.CurrentVersion;

    public static StoredDecision From(Decision d) => new(
        new StoredPolicy(d.Policy.Id, d.Policy.Version, d.Policy.Title, d.Policy.Jurisdiction, d.Policy.EffectiveFrom, d.Policy.EffectiveTo),
        d.Measure,
        d.EntryAllowed,
        d.LandingTest,
        [.. d.Phases.Select(p => new StoredPhase(p.Measure, p.Start, p.End, [.. p.Tests.Select(t => new StoredTest(t.Date, t.Kind))]) { Advisory = p.Advisory ? true : null })],
        d.Clauses,
        [.. d.Explanations.Select(e => new StoredExplanation(e.Clause, e.ClauseText, e.ZhCn, e.En) { ReadingZhCn = e.ReadingZhCn, ReadingEn = e.ReadingEn })],
        d.Referral is { } r ? new StoredReferral(r.Fever, r.PositiveCertificate, r.ZhCn, r.En) : null);

    public Decision ToDecision() => new(
        new PolicyReference(Policy.Id, Policy.Version, Policy.Title, Policy.Jurisdiction, Policy.EffectiveFrom, Policy.EffectiveTo),
        Measure,
        EntryAllowed,
        LandingTest,
        [.. Phases.Select(p => new Phase(p.Measure, p.Start, p.End, [.. (p.Tests ?? []).Select(t => new ScheduledTest(t.Date, t.Kind))], p.Advisory ?? false))],
        Clauses ?? [],
        [.. (Explanations ?? []).Select(e => new Explanation(e.Clause, e.ClauseText, e.ZhCn, e.En) { ReadingZhCn = e.ReadingZhCn, ReadingEn = e.ReadingEn })])
    {
        Referral = Referral is { } r ? new ReferralReason(r.Fever, r.PositiveCertificate, r.ZhCn, r.En) : null,
    };
}

internal sealed record StoredPolicy(string Id, int Version, string Title, string Jurisdiction, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

internal sealed record StoredPhase(Measure Measure, DateOnly Start, DateOnly End, IReadOnlyList<StoredTest>? Tests)
{
    /// <summary>Written only when true (an advised phase, clause 五); absent in records written before it existed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Advisory { get; init; }
}

internal sealed record StoredTest(DateOnly Date, TestKind Kind);

internal sealed record StoredExplanation(string Clause, string ClauseText, string ZhCn, string En)
{
    /// <summary>解读 lines (absent in records written before they existed, and where the rule is the notice's own words).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReadingZhCn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReadingEn { get; init; }
}

internal sealed record StoredReferral(bool Fever, bool PositiveCertificate, string ZhCn, string En);
