using System.Text.Json.Serialization;

namespace EntryControl.Rules;

/// <summary>A test the traveler must take on <paramref name="Date"/>.</summary>
public sealed record ScheduledTest(DateOnly Date, TestKind Kind);

/// <summary>
/// A stretch of days under one measure, <paramref name="Start"/>..<paramref name="End"/> inclusive,
/// with its tests sorted by date, then antibody before nat. <paramref name="Advisory"/>: the notice only advises it
/// ("建议", seed 001 五); it still sets the headline measure, but its tests are advised, never overdue.
/// </summary>
public sealed record Phase(
    Measure Measure,
    DateOnly Start,
    DateOnly End,
    IReadOnlyList<ScheduledTest> Tests,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Advisory = false);

/// <summary>Which policy (notice) a decision was made under.</summary>
public sealed record PolicyReference(string Id, int Version, string Title, string Jurisdiction, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>
/// Why one rule fired: its clause number(s) (e.g. "一" or "一、三"), the original Chinese text of the
/// clause(s) and a plain explanation in Chinese and English.
/// </summary>
public sealed record Explanation(string Clause, string ClauseText, string ZhCn, string En)
{
    /// <summary>解读: where the rule rests on our reading rather than the notice's words, one short line; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReadingZhCn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReadingEn { get; init; }
}

/// <summary>Why the headline measure became <see cref="Measure.MedicalReferral"/>.</summary>
public sealed record ReferralReason(bool Fever, bool PositiveCertificate, string ZhCn, string En);

/// <summary>
/// The outcome of evaluating a trip under a policy (policies.md §1 "Combining rules").
/// <see cref="Phases"/> are the winning rule's; <see cref="Clauses"/> and
/// <see cref="Explanations"/> cover every fired rule, in the notice's order.
/// </summary>
public sealed record Decision(
    PolicyReference Policy,
    Measure Measure,
    bool EntryAllowed,
    bool LandingTest,
    IReadOnlyList<Phase> Phases,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<Explanation> Explanations)
{
    /// <summary>Set when fever or a positive certificate overrides the measure; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReferralReason? Referral { get; init; }
}
