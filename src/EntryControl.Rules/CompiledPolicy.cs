namespace EntryControl.Rules;

/// <summary>
/// A policy with its inheritance resolved and its rules turned into flat, precomputed structures,
/// so that evaluation does no lookups, parsing or LINQ.
/// </summary>
internal sealed class CompiledPolicy
{
    public required PolicyReference Reference { get; init; }

    /// <summary>Fixed first day of the window, or null for a window of <see cref="LookBackDays"/>.</summary>
    public required int? SinceDay { get; init; }

    public required int LookBackDays { get; init; }

    public required bool MediumAsHigh { get; init; }

    /// <summary>Rules for persons: every group but freight, ordered by first clause.</summary>
    public required RuleSet Persons { get; init; }

    /// <summary>The freight group, or null when the policy has none (freight drivers are then persons).</summary>
    public required RuleSet? Freight { get; init; }

    public int WindowStart(int arrivalDay) => SinceDay ?? (arrivalDay - LookBackDays);
}

internal sealed class RuleSet(CompiledRule[] rules)
{
    public CompiledRule[] Rules { get; } = rules;

    public bool NeedsRisk { get; } = Array.Exists(rules, r => r.Kind == RuleKind.RiskLevel);

    /// <summary>The longest plan of the set, to size the evaluator's scratch space.</summary>
    public int MaxPlanPhases { get; } = rules.Length == 0 ? 0 : rules.Max(r => Math.Max(r.Plan.Phases.Length, r.PlanWithoutCertificate.Phases.Length));
}

internal sealed class CompiledRule
{
    public required RuleKind Kind { get; init; }

    /// <summary>0: unconditional; 1: looks at which groups fired; 2: default (fires only when nothing else did).</summary>
    public required int Pass { get; init; }

    public required int GroupBit { get; init; }

    public required int UnlessGroupMask { get; init; }

    /// <summary>Bit per <see cref="TravelerRisk"/> the rule fires for.</summary>
    public required int LevelMask { get; init; }

    public required int MaxDaysSinceLeaving { get; init; }

    public required string[] Prefixes { get; init; }

    /// <summary>staysOutside: the prefix a stay must lack (city or province of the evaluating policy).</summary>
    public required string? OutsidePrefix { get; init; }

    public required Occupation Occupation { get; init; }

    /// <summary>Nc of an abroad rule.</summary>
    public required int AbroadCentralizedDays { get; init; }

    /// <summary>Certificate validity in ticks, or -1 when the rule checks no certificate.</summary>
    public required long CertificateTicks { get; init; }

    public required CompiledPlan Plan { get; init; }

    public required CompiledPlan PlanWithoutCertificate { get; init; }

    public required bool LandingAlways { get; init; }

    public required bool LandingWithoutCertificate { get; init; }

    public required string? LandingOutsidePrefix { get; init; }

    public required bool RefuseUnlessPreRegistered { get; init; }

    /// <summary>Severity of a rule without phases: its named measure, or -1.</summary>
    public required int MeasureSeverity { get; init; }

    public required ClauseRef[] Clauses { get; init; }

    public int FirstClauseKey => Clauses[0].Key;

    public required RuleExplainer Explainer { get; init; }
}

/// <summary>A clause a rule implements; <see cref="Key"/> orders clauses as the notices do.</summary>
internal readonly record struct ClauseRef(int Key, string Number);

internal sealed class CompiledPlan(CompiledPhase[] phases)
{
    public CompiledPhase[] Phases { get; } = phases;

    public bool HasHomeIsolation { get; } = Array.Exists(phases, p => p.Measure == Measure.HomeIsolation);
}

internal sealed class CompiledPhase
{
    public required Measure Measure { get; init; }

    /// <summary>Length in days, or 0 for a phase that runs until <see cref="UntilAfterLeaving"/>.</summary>
    public required int Days { get; init; }

    public required int UntilAfterLeaving { get; init; }

    /// <summary>Test days sorted by day, then antibody before nat (within each base).</summary>
    public required TestOffset[] Tests { get; init; }

    /// <summary>
    /// Some tests count from the phase's first day and others from leaving, so their dates must be sorted (and a
    /// date both lists name taken once) when laid out.
    /// </summary>
    public required bool MixedBases { get; init; }

    /// <summary>The notice only advises this phase (<see cref="Phase.Advisory"/>).</summary>
    public required bool Advisory { get; init; }
}

/// <summary>A test on day <see cref="Day"/> of its phase, or <see cref="Day"/> days after leaving the risk area.</summary>
internal readonly record struct TestOffset(int Day, TestKind Kind, bool FromLeaving = false);

/// <summary>Builds the compiled form of a policy from its own rules and the rules it inherits.</summary>
internal static class PolicyCompiler
{
    public static CompiledPolicy Compile(PolicyDraft policy, IReadOnlyList<(PolicyRule Rule, PolicyDraft Owner, int Depth)> rules)
    {
        var persons = new List<CompiledRule>();
        var freight = new List<CompiledRule>();
        foreach ((PolicyRule rule, PolicyDraft owner, int depth) in rules)
        {
            CompiledRule compiled = CompileRule(policy, rule, owner, depth);
            (rule.Group == PolicyFile.FreightGroup ? freight : persons).Add(compiled);
        }

        return new CompiledPolicy
        {
            Reference = new PolicyReference(policy.Id, policy.Version, policy.Title, policy.Jurisdiction, policy.EffectiveFrom, policy.EffectiveTo),
            SinceDay = policy.LookBack.Since?.DayNumber,
            LookBackDays = policy.LookBack.Days ?? 0,
            MediumAsHigh = policy.MediumRiskAsHigh,
            Persons = new RuleSet([.. persons.OrderBy(r => r.FirstClauseKey)]),
            Freight = rules.Any(r => r.Rule.Group == PolicyFile.FreightGroup) ? new RuleSet([.. freight.OrderBy(r => r.FirstClauseKey)]) : null,
        };
    }

    public static int GroupBit(string group)
    {
        int index = -1;
        for (int i = 0; i < PolicyFile.Groups.Count; i++)
        {
            if (PolicyFile.Groups[i] == group)
            {
                index = i;
            }
        }

        return 1 << index;
    }

    private static CompiledRule CompileRule(PolicyDraft policy, PolicyRule rule, PolicyDraft owner, int depth)
    {
        CompiledPlan plan = rule.Kind == RuleKind.Abroad
            ? new CompiledPlan([CompilePhase(rule.Centralized!), CompilePhase(rule.Home!)])
            : CompilePlan(rule.Phases);
        ClauseRef[] clauses = [.. rule.Clauses
            .Select(number => new ClauseRef((ChineseNumerals.Parse(number) * 16) + depth, number))
            .OrderBy(c => c.Key)];

        return new CompiledRule
        {
            Kind = rule.Kind,
            Pass = rule.Kind == RuleKind.Default ? 2 : rule.UnlessGroupsFired is { Count: > 0 } ? 1 : 0,
            GroupBit = GroupBit(rule.Group),
            UnlessGroupMask = (rule.UnlessGroupsFired ?? []).Aggregate(0, (mask, group) => mask | GroupBit(group)),
            LevelMask = (rule.Levels ?? []).Aggregate(0, (mask, level) => mask | (1 << (int)level)),
            MaxDaysSinceLeaving = rule.MaxDaysSinceLeaving ?? -1,
            Prefixes = [.. rule.Prefixes ?? []],
            OutsidePrefix = rule.Outside is { } scope ? ScopePrefix(policy.Jurisdiction, scope) : null,
            Occupation = rule.Occupation ?? Occupation.None,
            AbroadCentralizedDays = rule.Centralized?.Days ?? 0,
            CertificateTicks = rule.CertificateHours is { } hours ? hours * TimeSpan.TicksPerHour : -1,
            Plan = plan,
            PlanWithoutCertificate = rule.WithoutCertificate?.Phases is { } alternative ? CompilePlan(alternative) : plan,
            LandingAlways = rule.LandingTest,
            LandingWithoutCertificate = rule.WithoutCertificate?.LandingTest ?? false,
            LandingOutsidePrefix = rule.LandingTestIfStayOutside is { } landingScope ? ScopePrefix(policy.Jurisdiction, landingScope) : null,
            RefuseUnlessPreRegistered = rule.RefuseEntryUnlessPreRegistered,
            MeasureSeverity = rule.Measure is { } measure ? (int)measure : -1,
            Clauses = clauses,
            Explainer = new RuleExplainer(policy, rule, owner),
        };
    }

    /// <summary>The city is the first four digits of the jurisdiction, the province the first two.</summary>
    public static string ScopePrefix(string jurisdiction, RegionScope scope) =>
        jurisdiction[..(scope == RegionScope.City ? 4 : 2)];

    private static CompiledPlan CompilePlan(IReadOnlyList<PhaseTemplate> phases) => new([.. phases.Select(CompilePhase)]);

    private static CompiledPhase CompilePhase(PhaseTemplate phase)
    {
        TestOffset[] fromStart = [.. phase.NatDays.Select(d => new TestOffset(d, TestKind.Nat))
            .Concat(phase.AntibodyDays.Select(d => new TestOffset(d, TestKind.Antibody)))
            .Distinct().OrderBy(t => t.Day).ThenBy(t => t.Kind)];
        TestOffset[] fromLeaving = [.. phase.NatDaysAfterLeaving.Distinct().Order().Select(d => new TestOffset(d, TestKind.Nat, FromLeaving: true))];
        return new CompiledPhase
        {
            Measure = phase.Measure,
            Days = phase.Days ?? 0,
            UntilAfterLeaving = phase.UntilDaysAfterLeaving ?? 0,
            Tests = [.. fromStart, .. fromLeaving],
            MixedBases = fromStart.Length > 0 && fromLeaving.Length > 0,
            Advisory = phase.Advisory,
        };
    }
}
