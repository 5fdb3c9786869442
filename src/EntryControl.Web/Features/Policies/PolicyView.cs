using EntryControl.Rules;

namespace EntryControl.Web.Features.Policies;

/// <summary>
/// <c>GET /api/v1/policies/{id}</c>: a policy version, its clauses and its rules as data. The API's own records, so a
/// change inside the rules engine does not silently change what clients receive.
/// </summary>
public sealed record PolicyView(
    string Id,
    int Version,
    string Status,
    string Title,
    string? Issuer,
    string Jurisdiction,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string? Parent,
    LookBackView LookBack,
    int? AdvanceRegistrationDays,
    bool MediumRiskAsHigh,
    IReadOnlyList<string> Readings,
    IReadOnlyList<ClauseView> Clauses,
    IReadOnlyList<RuleView> Rules)
{
    public static PolicyView Of(Policy policy) => new(
        policy.Id,
        policy.Version,
        policy.Status,
        policy.Title,
        policy.Issuer,
        policy.Jurisdiction,
        policy.EffectiveFrom,
        policy.EffectiveTo,
        policy.Parent,
        new LookBackView(policy.LookBack.Days, policy.LookBack.Since),
        policy.AdvanceRegistrationDays,
        policy.MediumRiskAsHigh,
        policy.Readings,
        [.. policy.Clauses.Select(c => new ClauseView(c.Number, c.Text, c.Summary))],
        [.. policy.Rules.Select(RuleView.Of)]);
}

public sealed record LookBackView(int? Days, DateOnly? Since);

public sealed record ClauseView(string Number, string Text, string Summary);

public sealed record PhaseTemplateView(
    Measure Measure,
    int? Days,
    int? UntilDaysAfterLeaving,
    IReadOnlyList<int> NatDays,
    IReadOnlyList<int> AntibodyDays,
    IReadOnlyList<int> NatDaysAfterLeaving)
{
    public static PhaseTemplateView Of(PhaseTemplate t) => new(t.Measure, t.Days, t.UntilDaysAfterLeaving, t.NatDays, t.AntibodyDays, t.NatDaysAfterLeaving);
}

public sealed record CertificateAlternativeView(IReadOnlyList<PhaseTemplateView>? Phases, bool LandingTest);

/// <summary>One rule of a policy: which clauses it implements, when it fires and what it decides.</summary>
public sealed record RuleView(
    string Group,
    IReadOnlyList<string> Clauses,
    RuleKind Kind,
    IReadOnlyList<TravelerRisk>? Levels,
    int? MaxDaysSinceLeaving,
    IReadOnlyList<string>? Prefixes,
    RegionScope? Outside,
    Occupation? Occupation,
    PhaseTemplateView? Centralized,
    PhaseTemplateView? Home,
    IReadOnlyList<string>? UnlessGroupsFired,
    int? CertificateHours,
    IReadOnlyList<PhaseTemplateView> Phases,
    Measure? Measure,
    bool LandingTest,
    CertificateAlternativeView? WithoutCertificate,
    RegionScope? LandingTestIfStayOutside,
    bool RefuseEntryUnlessPreRegistered)
{
    public static RuleView Of(PolicyRule r) => new(
        r.Group,
        r.Clauses,
        r.Kind,
        r.Levels,
        r.MaxDaysSinceLeaving,
        r.Prefixes,
        r.Outside,
        r.Occupation,
        r.Centralized is { } centralized ? PhaseTemplateView.Of(centralized) : null,
        r.Home is { } home ? PhaseTemplateView.Of(home) : null,
        r.UnlessGroupsFired,
        r.CertificateHours,
        [.. r.Phases.Select(PhaseTemplateView.Of)],
        r.Measure,
        r.LandingTest,
        r.WithoutCertificate is { } alternative
            ? new CertificateAlternativeView(alternative.Phases?.Select(PhaseTemplateView.Of).ToList(), alternative.LandingTest)
            : null,
        r.LandingTestIfStayOutside,
        r.RefuseEntryUnlessPreRegistered);
}
