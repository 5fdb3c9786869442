using EntryControl.Rules;
using EntryControl.Web.Infrastructure.Localization;

namespace EntryControl.Web.Features.Evaluations;

public sealed record PolicySummary(string Id, int Version, string Title, string Jurisdiction, DateOnly EffectiveFrom, DateOnly? EffectiveTo);

/// <summary>
/// One fired rule: its clause, the notice's own words, a plain explanation and, where the rule rests on our reading
/// rather than the notice's words, that reading (解读).
/// </summary>
public sealed record ClauseExplanation(
    string Clause,
    string Text,
    string Explanation,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Reading = null);

/// <summary>The evaluation response of policies.md §3 (plus <c>details</c> and <c>referral</c>, which clients may ignore).</summary>
public sealed record EvaluationView(
    PolicySummary Policy,
    Measure Measure,
    bool EntryAllowed,
    bool LandingTest,
    IReadOnlyList<Phase> Phases,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> Explanations,
    IReadOnlyList<ClauseExplanation> Details,
    string? Referral)
{
    public static EvaluationView From(Decision decision, Language language)
    {
        var english = language == Language.English;
        var policy = decision.Policy;
        var details = decision.Explanations
            .Select(e => new ClauseExplanation(e.Clause, e.ClauseText, english ? e.En : e.ZhCn, english ? e.ReadingEn : e.ReadingZhCn))
            .ToArray();
        return new EvaluationView(
            new PolicySummary(policy.Id, policy.Version, policy.Title, policy.Jurisdiction, policy.EffectiveFrom, policy.EffectiveTo),
            decision.Measure,
            decision.EntryAllowed,
            decision.LandingTest,
            decision.Phases,
            decision.Clauses,
            [.. details.Select(d => d.Explanation)],
            details,
            decision.Referral is { } referral ? (english ? referral.En : referral.ZhCn) : null);
    }
}
