using System.Globalization;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.PolicyAuthoring;

/// <summary>
/// One difference between two versions of a policy: what kind (<c>ruleAdded</c>, <c>prefixesAdded</c>,
/// <c>phaseDays</c>, <c>clauseText</c>, <c>lookBack</c> …), which rule or clause, the values before and after, and a
/// sentence saying it in the request's language.
/// </summary>
public sealed record PolicyDiffItem(string Kind, string? Subject, string? Before, string? After, string Text);

/// <summary><c>GET /api/v1/policies/{id}/versions/{version}/diff</c>.</summary>
public sealed record PolicyDiffView(string Id, int Version, int? BaseVersion, IReadOnlyList<PolicyDiffItem> Items);

/// <summary>What a policy version changes, in words: rules, their numbers, clause texts, look-back, advance period.</summary>
public sealed class PolicyDiffer(PolicyAuthoringService authoring, RegionCatalog regions, IStringLocalizer<SharedResource> t)
{
    private static readonly JsonSerializerOptions RuleJson = new(Infrastructure.Http.HttpServiceCollectionExtensions.JsonOptions);

    public async Task<ServiceResult<PolicyDiffView>> DiffAsync(string id, int version, CancellationToken cancellationToken)
    {
        if (await authoring.ComparedAsync(id, version, cancellationToken) is not var (policy, before))
        {
            return new ServiceResult<PolicyDiffView>.NotFound(t["PolicyAuthoring.NoVersion", id, version]);
        }

        return new PolicyDiffView(id, version, before?.Version, before is null ? [] : Diff(before, policy));
    }

    public IReadOnlyList<PolicyDiffItem> Diff(Policy before, Policy after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var items = new List<PolicyDiffItem>();
        void Value(string kind, string? was, string? now, string key)
        {
            if (!string.Equals(was, now, StringComparison.Ordinal))
            {
                items.Add(new PolicyDiffItem(kind, null, was, now, t[key, was ?? t["PolicyDiff.None"], now ?? t["PolicyDiff.None"]]));
            }
        }

        Value("title", before.Title, after.Title, "PolicyDiff.Title");
        Value("jurisdiction", before.Jurisdiction, after.Jurisdiction, "PolicyDiff.Jurisdiction");
        Value("parent", before.Parent, after.Parent, "PolicyDiff.Parent");
        Value("lookBack", LookBack(before.LookBack), LookBack(after.LookBack), "PolicyDiff.LookBack");
        Value("advanceRegistrationDays", Number(before.AdvanceRegistrationDays), Number(after.AdvanceRegistrationDays), "PolicyDiff.AdvanceRegistration");
        Value("mediumRiskAsHigh", Flag(before.MediumRiskAsHigh), Flag(after.MediumRiskAsHigh), "PolicyDiff.MediumRiskAsHigh");

        var oldClauses = before.Clauses.ToDictionary(c => c.Number, StringComparer.Ordinal);
        var newClauses = after.Clauses.ToDictionary(c => c.Number, StringComparer.Ordinal);
        foreach (var clause in after.Clauses)
        {
            if (!oldClauses.TryGetValue(clause.Number, out var old))
            {
                items.Add(new PolicyDiffItem("clauseAdded", clause.Number, null, clause.Text, t["PolicyDiff.ClauseAdded", clause.Number, clause.Text]));
            }
            else if (!string.Equals(old.Text, clause.Text, StringComparison.Ordinal))
            {
                items.Add(new PolicyDiffItem("clauseText", clause.Number, old.Text, clause.Text, t["PolicyDiff.ClauseText", clause.Number]));
            }
        }

        foreach (var clause in before.Clauses.Where(c => !newClauses.ContainsKey(c.Number)))
        {
            items.Add(new PolicyDiffItem("clauseRemoved", clause.Number, clause.Text, null, t["PolicyDiff.ClauseRemoved", clause.Number]));
        }

        var oldRules = Keyed(before.Rules);
        var newRules = Keyed(after.Rules);
        foreach (var (key, rule) in newRules)
        {
            var name = RuleName(rule);
            if (!oldRules.TryGetValue(key, out var old))
            {
                items.Add(new PolicyDiffItem("ruleAdded", name, null, Summary(rule), t["PolicyDiff.RuleAdded", name, Summary(rule)]));
                continue;
            }

            var count = items.Count;
            RuleChanges(name, old, rule, items);
            if (items.Count == count && !string.Equals(JsonSerializer.Serialize(old, RuleJson), JsonSerializer.Serialize(rule, RuleJson), StringComparison.Ordinal))
            {
                items.Add(new PolicyDiffItem("ruleChanged", name, JsonSerializer.Serialize(old, RuleJson), JsonSerializer.Serialize(rule, RuleJson), t["PolicyDiff.RuleChanged", name]));
            }
        }

        foreach (var (key, rule) in oldRules.Where(r => !newRules.ContainsKey(r.Key)))
        {
            var name = RuleName(rule);
            items.Add(new PolicyDiffItem("ruleRemoved", name, Summary(rule), null, t["PolicyDiff.RuleRemoved", name]));
        }

        return items;
    }

    private void RuleChanges(string name, PolicyRule old, PolicyRule rule, List<PolicyDiffItem> items)
    {
        var oldPrefixes = old.Prefixes ?? [];
        var newPrefixes = rule.Prefixes ?? [];
        var added = newPrefixes.Except(oldPrefixes, StringComparer.Ordinal).ToList();
        var removed = oldPrefixes.Except(newPrefixes, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            var places = Places(added);
            items.Add(new PolicyDiffItem("prefixesAdded", name, null, string.Join(",", added), t["PolicyDiff.PrefixesAdded", name, places]));
        }

        if (removed.Count > 0)
        {
            var places = Places(removed);
            items.Add(new PolicyDiffItem("prefixesRemoved", name, string.Join(",", removed), null, t["PolicyDiff.PrefixesRemoved", name, places]));
        }

        void Value(string kind, string? was, string? now, string key)
        {
            if (!string.Equals(was, now, StringComparison.Ordinal))
            {
                items.Add(new PolicyDiffItem(kind, name, was, now, t[key, name, was ?? t["PolicyDiff.None"], now ?? t["PolicyDiff.None"]]));
            }
        }

        Value("levels", Levels(old.Levels), Levels(rule.Levels), "PolicyDiff.Levels");
        Value("certificateHours", Number(old.CertificateHours), Number(rule.CertificateHours), "PolicyDiff.CertificateHours");
        Value("maxDaysSinceLeaving", Number(old.MaxDaysSinceLeaving), Number(rule.MaxDaysSinceLeaving), "PolicyDiff.MaxDaysSinceLeaving");
        Value("measure", MeasureName(old.Measure), MeasureName(rule.Measure), "PolicyDiff.Measure");
        Value("landingTest", Flag(old.LandingTest), Flag(rule.LandingTest), "PolicyDiff.LandingTest");
        Phases(name, "phases", old.Phases, rule.Phases, items);
        Phases(name, "centralized", [.. new[] { old.Centralized }.OfType<PhaseTemplate>()], [.. new[] { rule.Centralized }.OfType<PhaseTemplate>()], items);
        Phases(name, "home", [.. new[] { old.Home }.OfType<PhaseTemplate>()], [.. new[] { rule.Home }.OfType<PhaseTemplate>()], items);
    }

    private void Phases(string name, string part, IReadOnlyList<PhaseTemplate> old, IReadOnlyList<PhaseTemplate> now, List<PolicyDiffItem> items)
    {
        for (var i = 0; i < Math.Max(old.Count, now.Count); i++)
        {
            var was = i < old.Count ? old[i] : null;
            var becomes = i < now.Count ? now[i] : null;
            var phase = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (was is null || becomes is null)
            {
                items.Add(new PolicyDiffItem(was is null ? "phaseAdded" : "phaseRemoved", name, PhaseText(was), PhaseText(becomes),
                    t[was is null ? "PolicyDiff.PhaseAdded" : "PolicyDiff.PhaseRemoved", name, phase, PhaseText(was ?? becomes)!]));
                continue;
            }

            void Value(string kind, string? a, string? b, string key)
            {
                if (!string.Equals(a, b, StringComparison.Ordinal))
                {
                    items.Add(new PolicyDiffItem(kind, name, a, b, t[key, name, phase, a ?? t["PolicyDiff.None"], b ?? t["PolicyDiff.None"]]));
                }
            }

            Value("phaseMeasure", MeasureName(was.Measure), MeasureName(becomes.Measure), "PolicyDiff.PhaseMeasure");
            Value("phaseDays", Number(was.Days), Number(becomes.Days), "PolicyDiff.PhaseDays");
            Value("phaseUntilDaysAfterLeaving", Number(was.UntilDaysAfterLeaving), Number(becomes.UntilDaysAfterLeaving), "PolicyDiff.PhaseUntil");
            Value("testDays", Days(was.NatDays), Days(becomes.NatDays), "PolicyDiff.TestDays");
            Value("testDaysAfterLeaving", Days(was.NatDaysAfterLeaving), Days(becomes.NatDaysAfterLeaving), "PolicyDiff.TestDaysAfterLeaving");
            Value("antibodyDays", Days(was.AntibodyDays), Days(becomes.AntibodyDays), "PolicyDiff.AntibodyDays");
            Value("advisory", Flag(was.Advisory), Flag(becomes.Advisory), "PolicyDiff.Advisory");
        }
    }

    private static Dictionary<string, PolicyRule> Keyed(IEnumerable<PolicyRule> rules)
    {
        var keyed = new Dictionary<string, PolicyRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var key = $"{rule.Group}/{string.Join(",", rule.Clauses)}/{rule.Kind}";
            for (var n = 2; !keyed.TryAdd(key, rule); n++)
            {
                key = $"{rule.Group}/{string.Join(",", rule.Clauses)}/{rule.Kind}#{n}";
            }
        }

        return keyed;
    }

    private string RuleName(PolicyRule rule)
    {
        var group = t["RuleGroup." + rule.Group];
        return t["PolicyDiff.RuleName", string.Join("、", rule.Clauses), group.ResourceNotFound ? rule.Group : group.Value];
    }

    private string Summary(PolicyRule rule)
    {
        var parts = new List<string>();
        if (rule.Prefixes is { Count: > 0 } prefixes)
        {
            parts.Add(Places(prefixes));
        }

        if (rule.Levels is { Count: > 0 })
        {
            parts.Add(Levels(rule.Levels)!);
        }

        parts.AddRange(rule.Phases.Select(p => PhaseText(p)!));
        return string.Join(t["Policies.Separator"], parts);
    }

    private string? PhaseText(PhaseTemplate? phase)
    {
        if (phase is null)
        {
            return null;
        }

        var text = MeasureName(phase.Measure)!;
        if (phase.Days is { } days)
        {
            text += t["Policies.PhaseDays", days];
        }
        else if (phase.UntilDaysAfterLeaving is { } until)
        {
            text += t["Policies.PhaseUntil", until];
        }

        if (phase.NatDays.Count > 0)
        {
            text += t["Policies.Separator"] + t["Policies.NatDays", Days(phase.NatDays)!];
        }

        if (phase.NatDaysAfterLeaving.Count > 0)
        {
            text += t["Policies.Separator"] + t["Policies.NatDaysAfterLeaving", Days(phase.NatDaysAfterLeaving)!];
        }

        return text;
    }

    private string Places(IEnumerable<string> prefixes) => string.Join(t["Policies.Separator"], prefixes.Select(p =>
        regions.Find(p.PadRight(6, '0')) is { } region ? $"{regions.FullName(region.Code)} ({p})" : p));

    private string? Levels(IReadOnlyList<TravelerRisk>? levels) =>
        levels is null or { Count: 0 } ? null : string.Join(t["Policies.Separator"], levels.Select(l => t["TravelerRisk." + ApiNames.Name(l)].Value));

    private string? MeasureName(Measure? measure) => measure is { } m ? t["Measure." + ApiNames.Name(m)].Value : null;

    private string LookBack(LookBack lookBack) => lookBack.Days is { } days
        ? t["Policies.LookBackDays", days]
        : t["Policies.LookBackSince", lookBack.Since is { } since ? IsoDates.Format(since) : "?"];

    private string Flag(bool value) => (value ? t["PolicyDiff.Yes"] : t["PolicyDiff.No"]).Value;

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Days(IReadOnlyList<int> days) => days.Count == 0 ? null : string.Join(",", days);
}
