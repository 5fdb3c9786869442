using System.Text.Json.Serialization;

namespace EntryControl.Rules;

/// <summary>One numbered clause of a notice: its number ("一"), original Chinese text and an English summary.</summary>
public sealed record Clause(string Number, string Text, string Summary);

/// <summary>A short text in both languages (<c>{ "zh": "…", "en": "…" }</c> in a policy file).</summary>
public sealed record LocalizedText(string Zh, string En);

/// <summary>
/// 旅居史 look-back window: <c>[R - Days, R]</c>, or <c>[Since, R]</c> for notices that count from a
/// fixed date ("2021年6月20日以来"). Exactly one of the two is set.
/// </summary>
public sealed record LookBack(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Days,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? Since)
{
    /// <summary>The first day of the window for an arrival on <paramref name="arrivalDate"/>.</summary>
    public DateOnly Start(DateOnly arrivalDate) => DateOnly.FromDayNumber(Math.Max(0, StartDay(arrivalDate.DayNumber)));

    internal int StartDay(int arrivalDay) => Since is { } since ? since.DayNumber : arrivalDay - (Days ?? 0);
}

/// <summary>
/// A phase of a rule's plan. Phases of a plan follow each other from the plan's anchor (the arrival
/// date, or for <see cref="RuleKind.Abroad"/> the entry anchor). A phase lasts <see cref="Days"/>
/// days, or runs until <see cref="UntilDaysAfterLeaving"/> days after the traveler left the risk
/// area. Test days count from the phase's first day (day 1), or for the "after leaving" lists from
/// the day the traveler left (day k = left + k).
/// </summary>
public sealed record PhaseTemplate(
    Measure Measure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Days,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UntilDaysAfterLeaving,
    IReadOnlyList<int> NatDays,
    IReadOnlyList<int> AntibodyDays,
    IReadOnlyList<int> NatDaysAfterLeaving,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Advisory = false);

/// <summary>What a rule asks when the traveler has no certificate valid for the rule's hours.</summary>
public sealed record CertificateAlternative(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PhaseTemplate>? Phases,
    bool LandingTest);

/// <summary>
/// One rule of a policy, as data: its group (a child policy's group replaces the parent's group of
/// the same name), the clauses it implements, its <see cref="Kind"/> with the kind's parameters and
/// the outcome (phases from the anchor, headline measure, landing test, entry refusal).
/// </summary>
public sealed class PolicyRule
{
    public required string Group { get; init; }

    public required IReadOnlyList<string> Clauses { get; init; }

    public required RuleKind Kind { get; init; }

    /// <summary><see cref="RuleKind.RiskLevel"/>: the traveler risks the rule fires for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TravelerRisk>? Levels { get; init; }

    /// <summary><see cref="RuleKind.RiskLevel"/>: fires only while the traveler left the risk area at most this many days before arrival.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxDaysSinceLeaving { get; init; }

    /// <summary><see cref="RuleKind.RegionPrefix"/>: region code prefixes (key regions).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Prefixes { get; init; }

    /// <summary><see cref="RuleKind.StaysOutside"/>: outside what.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RegionScope? Outside { get; init; }

    /// <summary><see cref="RuleKind.Occupation"/>: the occupation the rule fires for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Occupation? Occupation { get; init; }

    /// <summary><see cref="RuleKind.Abroad"/>: the centralized part of the plan (Nc days).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PhaseTemplate? Centralized { get; init; }

    /// <summary><see cref="RuleKind.Abroad"/>: the home part of the plan (Nh days).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PhaseTemplate? Home { get; init; }

    /// <summary>The rule does not fire when a rule of one of these groups fired (default rules never count).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UnlessGroupsFired { get; init; }

    /// <summary>A negative certificate sampled at most this many hours before arrival is "valid" for this rule.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CertificateHours { get; init; }

    /// <summary>The plan from the anchor (with a valid certificate, when the rule checks one).</summary>
    public IReadOnlyList<PhaseTemplate> Phases { get; init; } = [];

    /// <summary>Headline measure of a rule without phases (e.g. closed-loop transit for freight).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Measure? Measure { get; init; }

    /// <summary>The rule always asks for a landing test.</summary>
    public bool LandingTest { get; init; }

    /// <summary>The notice says the traveler pays for the landing test ("费用自理").</summary>
    public bool LandingTestSelfPaid { get; init; }

    /// <summary><see cref="RuleKind.RegionPrefix"/>: the places the prefixes stand for, as the notice names them (same order).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LocalizedText>? PrefixNames { get; init; }

    /// <summary>Where the rule rests on our reading rather than the notice's words (解读): one short line, shown with its explanation.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Reading { get; init; }

    /// <summary>What changes when no certificate is valid for <see cref="CertificateHours"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CertificateAlternative? WithoutCertificate { get; init; }

    /// <summary>The rule also asks for a landing test when a stay in the window lies outside this scope.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RegionScope? LandingTestIfStayOutside { get; init; }

    /// <summary>Entry is refused when the traveler is not pre-registered.</summary>
    public bool RefuseEntryUnlessPreRegistered { get; init; }
}

/// <summary>The expected outcome of a policy file's own case.</summary>
public sealed record ExpectedDecision(Measure Measure, bool EntryAllowed, bool LandingTest, IReadOnlyList<Phase> Phases, IReadOnlyList<string> Clauses);

/// <summary>A worked case shipped in a policy file: designations, the trip, the expected decision.</summary>
public sealed record PolicyCase(string Name, IReadOnlyList<RiskDesignation> RiskAreas, Trip Request, ExpectedDecision Expected);

/// <summary>
/// One version of a notice, as loaded from its policy file. Immutable; shared by all evaluations.
/// </summary>
public sealed class Policy
{
    private readonly CompiledSegment[] _segments;

    internal Policy(PolicyDraft draft, CompiledSegment[] segments)
    {
        Id = draft.Id;
        Version = draft.Version;
        Title = draft.Title;
        Issuer = draft.Issuer;
        Jurisdiction = draft.Jurisdiction;
        EffectiveFrom = draft.EffectiveFrom;
        EffectiveTo = draft.EffectiveTo;
        Parent = draft.Parent;
        LookBack = draft.LookBack;
        AdvanceRegistrationDays = draft.AdvanceRegistrationDays;
        MediumRiskAsHigh = draft.MediumRiskAsHigh;
        Readings = draft.Readings;
        Clauses = draft.Clauses;
        Rules = draft.Rules;
        Cases = draft.Cases;
        Superseded = draft.Superseded;
        Hotlines = draft.Hotlines;
        WindowReading = draft.WindowReading;
        Reference = new PolicyReference(Id, Version, Title, Jurisdiction, EffectiveFrom, EffectiveTo);
        JurisdictionPrefix = Jurisdictions.Prefix(Jurisdiction);
        _segments = segments;
    }

    public string Id { get; }

    public int Version { get; }

    /// <summary>The notice's document number, e.g. 巴防指通告〔2022〕71号.</summary>
    public string Title { get; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Issuer { get; }

    /// <summary>6-digit code: 150000 covers every code starting 15, 150800 every code starting 1508, 152501 that county.</summary>
    public string Jurisdiction { get; }

    public DateOnly EffectiveFrom { get; }

    public DateOnly? EffectiveTo { get; }

    /// <summary>Id of the policy this one extends (groups it lacks are taken from the parent), or null.</summary>
    public string? Parent { get; }

    public LookBack LookBack { get; }

    /// <summary>报备 days of advance registration the notice asks for, if any.</summary>
    public int? AdvanceRegistrationDays { get; }

    /// <summary>A medium designation counts as high (a notice of the 2022 framework, which has no medium level).</summary>
    public bool MediumRiskAsHigh { get; }

    /// <summary>Where the notice is silent or ambiguous, the reading this policy file implements.</summary>
    public IReadOnlyList<string> Readings { get; }

    /// <summary>Telephone numbers the notice gives travelers (e.g. Erenhot's 疾控中心), shown with its decisions.</summary>
    public IReadOnlyList<LocalizedText> Hotlines { get; }

    /// <summary>When the look-back window is our reading (a notice without a window, "7天内" taken as [R-7, R]): says so.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? WindowReading { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    /// <summary>This policy's own rules; groups it lacks come from <see cref="Parent"/>.</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    public IReadOnlyList<PolicyCase> Cases { get; }

    /// <summary>
    /// A later version replaced this one whole (a correction from the same first day): it is kept so the decisions
    /// made under it keep their provenance, and is never selected for a new decision.
    /// </summary>
    [JsonIgnore]
    public bool Superseded { get; }

    /// <summary><c>published</c> or <c>superseded</c>, as in the policy file.</summary>
    public string Status => Superseded ? "superseded" : "published";

    [JsonIgnore]
    public PolicyReference Reference { get; }

    /// <summary>True when <paramref name="date"/> lies in the effective range.</summary>
    public bool IsInForceOn(DateOnly date) => EffectiveFrom <= date && (EffectiveTo is not { } to || date <= to);

    /// <summary>True when the destination code falls under the jurisdiction.</summary>
    public bool Covers(string destination) => destination is not null && destination.StartsWith(JurisdictionPrefix, StringComparison.Ordinal);

    /// <summary>The codes this policy covers start with this: "15", "1508", "152501". Longer is more specific.</summary>
    internal string JurisdictionPrefix { get; }

    /// <summary>The rules in force for an arrival on <paramref name="arrivalDay"/> (the parent's version can change over time).</summary>
    internal CompiledPolicy CompiledFor(int arrivalDay)
    {
        CompiledSegment[] segments = _segments;
        CompiledPolicy chosen = segments[0].Policy;
        for (int i = 1; i < segments.Length; i++)
        {
            if (segments[i].FromDay > arrivalDay)
            {
                break;
            }

            chosen = segments[i].Policy;
        }

        return chosen;
    }
}

internal sealed record CompiledSegment(int FromDay, CompiledPolicy Policy);

internal static class Jurisdictions
{
    /// <summary>150000 → "15", 150800 → "1508", 152501 → "152501".</summary>
    public static string Prefix(string jurisdiction)
    {
        string prefix = jurisdiction;
        while (prefix.Length > 2 && prefix.EndsWith("00", StringComparison.Ordinal))
        {
            prefix = prefix[..^2];
        }

        return prefix;
    }

    public static bool Covers(string jurisdiction, string destination) =>
        destination is not null && destination.StartsWith(Prefix(jurisdiction), StringComparison.Ordinal);
}
