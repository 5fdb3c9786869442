using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntryControl.Rules.Tests.Support;

/// <summary>
/// The worked cases of the spec (a copy in TestData). Read with plain System.Text.Json DTOs, not
/// with the engine's own policy-file reader, so a reader bug cannot hide an engine bug.
/// </summary>
internal static class PublicCases
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly Lazy<IReadOnlyList<CaseDto>> All = new(() =>
        JsonSerializer.Deserialize<List<CaseDto>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "evaluations.public.json")), Options)!);

    public static IReadOnlyList<CaseDto> Cases => All.Value;

    public static CaseDto Named(string name) => Cases.Single(c => c.Name == name);

    public sealed record CaseDto(string Name, List<DesignationDto> RiskAreas, RequestDto Request, ExpectedDto Expected)
    {
        public IReadOnlyList<RiskDesignation> Designations => [.. RiskAreas.Select(d => new RiskDesignation(d.Region, d.Area, d.Level, d.From, d.To))];

        public Trip Trip => new(
            Request.Destination,
            Request.ArrivalAt,
            [.. (Request.Stays ?? []).Select(s => new Stay(s.Region, s.Areas ?? [], s.From, s.To))],
            Request.Abroad is { } a ? new AbroadEntry(a.EnteredChinaOn, a.CentralizedQuarantineDays) : null,
            Request.NucleicAcidTest is { } c ? new NucleicAcidCertificate(c.SampledAt, c.Result) : null,
            Request.Occupation ?? Occupation.None,
            Request.TravelerType ?? TravelerType.Person,
            Request.PreRegistered ?? true,
            Request.HomeIsolationFeasible ?? true,
            Request.TemperatureCelsius);
    }

    public sealed record DesignationDto(string Region, string? Area, RiskLevel Level, DateOnly From, DateOnly? To);

    public sealed record StayDto(string Region, List<string>? Areas, DateOnly From, DateOnly To);

    public sealed record AbroadDto(DateOnly EnteredChinaOn, int CentralizedQuarantineDays);

    public sealed record CertificateDto(DateTimeOffset SampledAt, TestResult Result);

    public sealed record RequestDto(
        string Destination,
        DateTimeOffset ArrivalAt,
        List<StayDto>? Stays,
        AbroadDto? Abroad,
        CertificateDto? NucleicAcidTest,
        Occupation? Occupation,
        TravelerType? TravelerType,
        bool? PreRegistered,
        bool? HomeIsolationFeasible,
        decimal? TemperatureCelsius);

    public sealed record ExpectedDto(int Status, BodyDto? Body);

    public sealed record BodyDto(PolicyDto Policy, Measure Measure, bool EntryAllowed, bool LandingTest, List<PhaseDto> Phases, List<string> Clauses)
    {
        public ExpectedDecision Decision => new(
            Measure,
            EntryAllowed,
            LandingTest,
            [.. Phases.Select(p => new Phase(p.Measure, p.Start, p.End, [.. p.Tests.Select(t => new ScheduledTest(t.Date, t.Kind))], p.Advisory ?? false))],
            Clauses);
    }

    public sealed record PolicyDto(string Id, string Jurisdiction, DateOnly EffectiveFrom);

    /// <summary>A phase; <see cref="Advisory"/> null when the case does not say (the cases name only what they check).</summary>
    public sealed record PhaseDto(Measure Measure, DateOnly Start, DateOnly End, List<TestDto> Tests, bool? Advisory);

    public sealed record TestDto(DateOnly Date, TestKind Kind);
}
