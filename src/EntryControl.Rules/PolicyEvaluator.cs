namespace EntryControl.Rules;

/// <summary>
/// Decides a traveler's measure under a policy (policies.md §1). Pure: the time is the trip's
/// arrival, the risk areas come in as an index, nothing is read or written elsewhere.
/// </summary>
public static class PolicyEvaluator
{
    /// <summary>测温 a body temperature at or above this is not "normal".</summary>
    public const decimal FeverCelsius = 37.3m;

    private const int NoDay = int.MinValue;
    private static readonly int LastDay = DateOnly.MaxValue.DayNumber;

    public static Decision Evaluate(Trip trip, DesignationIndex designations, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(trip);
        ArgumentNullException.ThrowIfNull(designations);
        ArgumentNullException.ThrowIfNull(policy);

        int arrival = ChinaTime.LocalDayNumber(trip.ArrivalAt);
        CompiledPolicy compiled = policy.CompiledFor(arrival);
        bool freight = trip.TravelerType == TravelerType.FreightDriver && compiled.Freight is not null;
        RuleSet set = freight ? compiled.Freight! : compiled.Persons;
        var facts = new Facts(trip, arrival, compiled.WindowStart(arrival));
        if (set.NeedsRisk)
        {
            facts.ScanRisk(designations, compiled.MediumAsHigh);
        }

        CompiledRule[] rules = set.Rules;
        Span<Hit> hits = stackalloc Hit[rules.Length];
        Span<Placed> placed = stackalloc Placed[set.MaxPlanPhases];
        int firedGroups = 0;
        int firedOthers = 0;
        int fired = 0;
        for (int pass = 0; pass <= 2; pass++)
        {
            for (int i = 0; i < rules.Length; i++)
            {
                CompiledRule rule = rules[i];
                if (rule.Pass != pass
                    || (pass == 1 && (firedGroups & rule.UnlessGroupMask) != 0)
                    || (pass == 2 && firedOthers > 0)
                    || !TryFire(rule, in facts, placed, out hits[i]))
                {
                    continue;
                }

                fired++;
                firedGroups |= rule.GroupBit;
                if (pass < 2)
                {
                    firedOthers++;
                }
            }
        }

        return Decide(trip, compiled, freight, rules, hits, fired, in facts, placed);
    }

    private static bool TryFire(CompiledRule rule, in Facts facts, Span<Placed> placed, out Hit hit)
    {
        hit = default;
        Trip trip = facts.Trip;
        int anchor = facts.Arrival;
        int leaving = NoDay;
        switch (rule.Kind)
        {
            case RuleKind.Abroad:
                if (trip.Abroad is not { } abroad)
                {
                    return false;
                }

                // Anchor of the full plan: entry when the port quarantine covered Nc, else back-dated by the days done.
                int done = Math.Clamp(abroad.CentralizedQuarantineDays, 0, 100_000);
                anchor = done >= rule.AbroadCentralizedDays ? abroad.EnteredChinaOn.DayNumber : facts.Arrival - done;
                break;
            case RuleKind.RiskLevel:
                if ((rule.LevelMask & (1 << (int)facts.Risk)) == 0 || facts.Risk == TravelerRisk.None)
                {
                    return false;
                }

                leaving = facts.LatestTouch(rule.LevelMask);
                if (rule.MaxDaysSinceLeaving >= 0 && facts.Arrival > leaving + rule.MaxDaysSinceLeaving)
                {
                    return false;
                }

                break;
            case RuleKind.RegionPrefix:
                if (!facts.AnyStayWithPrefix(rule.Prefixes))
                {
                    return false;
                }

                break;
            case RuleKind.StaysOutside:
                if (!facts.AnyStayOutside(rule.OutsidePrefix!))
                {
                    return false;
                }

                break;
            case RuleKind.Occupation:
                if (trip.Occupation != rule.Occupation)
                {
                    return false;
                }

                break;
            case RuleKind.Freight:
                if (trip.TravelerType != TravelerType.FreightDriver)
                {
                    return false;
                }

                break;
            case RuleKind.Default:
            default:
                break;
        }

        bool certificateValid = rule.CertificateTicks < 0 || facts.CertificateValidFor(rule.CertificateTicks);
        CompiledPlan plan = certificateValid ? rule.Plan : rule.PlanWithoutCertificate;
        int count = Layout(plan, anchor, leaving, facts.Arrival, trip.HomeIsolationFeasible, placed, out int severity, out int lastEnd);
        if (count == 0 && plan.Phases.Length > 0)
        {
            // Every day of the plan lies before arrival (e.g. quarantine abroad already served).
            return false;
        }

        bool landingOutside = rule.LandingOutsidePrefix is { } prefix && facts.AnyStayOutside(prefix);
        bool refused = rule.RefuseUnlessPreRegistered && !trip.PreRegistered;
        int variant = (certificateValid ? 0 : RuleExplainer.WithoutCertificate)
            | (refused ? RuleExplainer.Refused : 0)
            | (!trip.HomeIsolationFeasible && plan.HasHomeIsolation ? RuleExplainer.HomeNotFeasible : 0)
            | (landingOutside ? RuleExplainer.LandingForStayOutside : 0);
        hit = new Hit(
            Fired: true,
            UsesAlternative: !certificateValid,
            Anchor: anchor,
            Leaving: leaving,
            Severity: count > 0 ? severity : rule.MeasureSeverity,
            LastEnd: lastEnd,
            Landing: rule.LandingAlways || (!certificateValid && rule.LandingWithoutCertificate) || landingOutside,
            Refused: refused,
            Variant: variant);
        return true;
    }

    /// <summary>
    /// Lays a plan out from its anchor: phases follow each other, days before arrival are cut away,
    /// phases left with no day disappear, home isolation becomes centralized when not feasible.
    /// </summary>
    private static int Layout(CompiledPlan plan, int anchor, int leaving, int arrival, bool homeFeasible, Span<Placed> placed, out int severity, out int lastEnd)
    {
        CompiledPhase[] phases = plan.Phases;
        int count = 0;
        severity = -1;
        lastEnd = NoDay;
        int uncutStart = anchor;
        for (int i = 0; i < phases.Length; i++)
        {
            CompiledPhase phase = phases[i];
            int end = phase.Days > 0 ? uncutStart + phase.Days - 1 : leaving + phase.UntilAfterLeaving;
            int start = Math.Max(uncutStart, arrival);
            if (start <= end)
            {
                Measure measure = phase.Measure == Measure.HomeIsolation && !homeFeasible ? Measure.CentralizedQuarantine : phase.Measure;
                placed[count++] = new Placed(i, measure, start, end, uncutStart - 1, leaving);
                severity = Math.Max(severity, (int)measure);
                lastEnd = end;
            }

            uncutStart = Math.Max(uncutStart, end + 1);
        }

        return count;
    }

    private static Decision Decide(Trip trip, CompiledPolicy compiled, bool freight, CompiledRule[] rules, Span<Hit> hits, int fired, in Facts facts, Span<Placed> placed)
    {
        // Winner: most severe phase, then the later last day, then the earlier clause (rules are in clause order).
        int winner = -1;
        bool landing = false;
        bool refused = false;
        int clauseCount = 0;
        for (int i = 0; i < rules.Length; i++)
        {
            ref Hit hit = ref hits[i];
            if (!hit.Fired)
            {
                continue;
            }

            landing |= hit.Landing;
            refused |= hit.Refused;
            clauseCount += rules[i].Clauses.Length;
            if (winner < 0
                || hit.Severity > hits[winner].Severity
                || (hit.Severity == hits[winner].Severity && hit.LastEnd > hits[winner].LastEnd))
            {
                winner = i;
            }
        }

        IReadOnlyList<Phase> phases = [];
        Measure measure = freight ? Measure.ClosedLoopTransit : Measure.FreeMovement;
        if (winner >= 0)
        {
            phases = Materialize(rules[winner], hits[winner], in facts, placed);
            if (hits[winner].Severity >= 0)
            {
                measure = (Measure)hits[winner].Severity;
            }
        }

        var explanations = new Explanation[fired];
        for (int i = 0, e = 0; i < rules.Length; i++)
        {
            if (hits[i].Fired)
            {
                Hit hit = hits[i];
                explanations[e++] = hit.Leaving == NoDay || hit.LastEnd == NoDay
                    ? rules[i].Explainer.Explain(hit.Variant)
                    : rules[i].Explainer.Explain(hit.Variant, ToDate(hit.Leaving), ToDate(hit.LastEnd));
            }
        }

        bool fever = trip.TemperatureCelsius >= FeverCelsius;
        bool positive = trip.NucleicAcidTest?.Result == TestResult.Positive;
        ReferralReason? referral = fever || positive ? RuleExplainer.Referral(fever, positive) : null;
        return new Decision(
            compiled.Reference,
            referral is null ? measure : Measure.MedicalReferral,
            !refused,
            landing,
            phases,
            Clauses(rules, hits, clauseCount),
            explanations)
        {
            Referral = referral,
        };
    }

    private static Phase[] Materialize(CompiledRule rule, in Hit hit, in Facts facts, Span<Placed> placed)
    {
        CompiledPlan plan = hit.UsesAlternative ? rule.PlanWithoutCertificate : rule.Plan;
        int count = Layout(plan, hit.Anchor, hit.Leaving, facts.Arrival, facts.Trip.HomeIsolationFeasible, placed, out _, out _);
        if (count == 0)
        {
            return [];
        }

        var phases = new Phase[count];
        for (int k = 0; k < count; k++)
        {
            Placed p = placed[k];
            CompiledPhase phase = plan.Phases[p.Index];
            int inside = 0;
            foreach (TestOffset offset in phase.Tests)
            {
                int day = p.DayOf(offset);
                if (day >= p.Start && day <= p.End)
                {
                    inside++;
                }
            }

            ScheduledTest[] tests = inside == 0 ? [] : new ScheduledTest[inside];
            int t = 0;
            foreach (TestOffset offset in phase.Tests)
            {
                int day = p.DayOf(offset);
                if (day >= p.Start && day <= p.End)
                {
                    tests[t++] = new ScheduledTest(ToDate(day), offset.Kind);
                }
            }

            if (phase.MixedBases && tests.Length > 1)
            {
                // "On arrival and on L + 7": the two lists interleave, and may name the same day.
                tests = [.. tests.Distinct().OrderBy(x => x.Date).ThenBy(x => x.Kind)];
            }

            phases[k] = new Phase(p.Measure, ToDate(p.Start), ToDate(p.End), tests, phase.Advisory);
        }

        return phases;
    }

    /// <summary>Every fired rule's clauses in the notices' order (一 before 二 …), each number once.</summary>
    private static string[] Clauses(CompiledRule[] rules, Span<Hit> hits, int total)
    {
        if (total == 0)
        {
            return [];
        }

        var numbers = new string[total];
        Span<int> cursor = stackalloc int[rules.Length];
        int written = 0;
        for (int n = 0; n < total; n++)
        {
            int best = -1;
            for (int i = 0; i < rules.Length; i++)
            {
                if (hits[i].Fired && cursor[i] < rules[i].Clauses.Length
                    && (best < 0 || rules[i].Clauses[cursor[i]].Key < rules[best].Clauses[cursor[best]].Key))
                {
                    best = i;
                }
            }

            string number = rules[best].Clauses[cursor[best]++].Number;
            if (written == 0 || numbers[written - 1] != number)
            {
                numbers[written++] = number;
            }
        }

        return written == total ? numbers : numbers[..written];
    }

    private static DateOnly ToDate(int day) => DateOnly.FromDayNumber(Math.Clamp(day, 0, LastDay));

    /// <summary>A fired rule: what it asks, enough to pick the winner and lay its plan out again.</summary>
    private readonly record struct Hit(bool Fired, bool UsesAlternative, int Anchor, int Leaving, int Severity, int LastEnd, bool Landing, bool Refused, int Variant);

    /// <summary>
    /// A phase of a plan placed on the calendar: test day k of the phase falls on <see cref="Base"/> + k, and k days
    /// after leaving on <see cref="Leaving"/> + k.
    /// </summary>
    private readonly record struct Placed(int Index, Measure Measure, int Start, int End, int Base, int Leaving)
    {
        public int DayOf(TestOffset offset) => (offset.FromLeaving ? Leaving : Base) + offset.Day;
    }

    /// <summary>What the rules look at, computed once per evaluation.</summary>
    private struct Facts
    {
        private int _latestHigh;
        private int _latestMedium;
        private int _latestCountyOfHigh;

        public Facts(Trip trip, int arrival, int windowStart)
        {
            Trip = trip;
            Arrival = arrival;
            WindowStart = windowStart;
            Stays = trip.Stays ?? [];
            _latestHigh = NoDay;
            _latestMedium = NoDay;
            _latestCountyOfHigh = NoDay;
        }

        public Trip Trip { get; }

        public int Arrival { get; }

        public int WindowStart { get; }

        public IReadOnlyList<Stay> Stays { get; }

        public readonly TravelerRisk Risk =>
            _latestHigh != NoDay ? TravelerRisk.High
            : _latestMedium != NoDay ? TravelerRisk.Medium
            : _latestCountyOfHigh != NoDay ? TravelerRisk.CountyOfHigh
            : TravelerRisk.None;

        /// <summary>L: the latest day a stay touched a designation of one of the levels in <paramref name="levelMask"/>.</summary>
        public readonly int LatestTouch(int levelMask)
        {
            int latest = NoDay;
            if ((levelMask & (1 << (int)TravelerRisk.High)) != 0)
            {
                latest = Math.Max(latest, _latestHigh);
            }

            if ((levelMask & (1 << (int)TravelerRisk.Medium)) != 0)
            {
                latest = Math.Max(latest, _latestMedium);
            }

            if ((levelMask & (1 << (int)TravelerRisk.CountyOfHigh)) != 0)
            {
                latest = Math.Max(latest, _latestCountyOfHigh);
            }

            return latest;
        }

        /// <summary>
        /// A stay touches a designation when the regions are equal, the designation's area is null or
        /// listed in the stay, and stay, designation and window share a day. A stay in the county of a
        /// high designation with an area it does not list counts as countyOfHigh.
        /// </summary>
        public void ScanRisk(DesignationIndex designations, bool mediumAsHigh)
        {
            IReadOnlyList<Stay> stays = Stays;
            for (int s = 0; s < stays.Count; s++)
            {
                Stay stay = stays[s];
                if (stay?.Region is null)
                {
                    continue;
                }

                int from = Math.Max(stay.From.DayNumber, WindowStart);
                int to = Math.Min(stay.To.DayNumber, Arrival);
                if (from > to || designations.Active(stay.Region) is not { } entries)
                {
                    continue;
                }

                foreach (DesignationIndex.Entry entry in entries)
                {
                    int last = Math.Min(to, entry.To);
                    if (Math.Max(from, entry.From) > last)
                    {
                        continue;
                    }

                    bool high = entry.Level == RiskLevel.High || (mediumAsHigh && entry.Level == RiskLevel.Medium);
                    if (entry.Area is null || Lists(stay.Areas, entry.Area))
                    {
                        if (high)
                        {
                            _latestHigh = Math.Max(_latestHigh, last);
                        }
                        else
                        {
                            _latestMedium = Math.Max(_latestMedium, last);
                        }
                    }
                    else if (high)
                    {
                        _latestCountyOfHigh = Math.Max(_latestCountyOfHigh, last);
                    }
                }
            }
        }

        public readonly bool CertificateValidFor(long ticks)
        {
            if (Trip.NucleicAcidTest is not { Result: TestResult.Negative } certificate)
            {
                return false;
            }

            long age = Trip.ArrivalAt.UtcTicks - certificate.SampledAt.UtcTicks;
            return age >= 0 && age <= ticks;
        }

        public readonly bool AnyStayWithPrefix(string[] prefixes)
        {
            IReadOnlyList<Stay> stays = Stays;
            for (int s = 0; s < stays.Count; s++)
            {
                if (InWindow(stays[s]) is { } region)
                {
                    foreach (string prefix in prefixes)
                    {
                        if (region.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        public readonly bool AnyStayOutside(string prefix)
        {
            IReadOnlyList<Stay> stays = Stays;
            for (int s = 0; s < stays.Count; s++)
            {
                if (InWindow(stays[s]) is { } region && !region.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The stay's region when the stay meets the window, else null.</summary>
        private readonly string? InWindow(Stay? stay) =>
            stay?.Region is { } region
            && Math.Max(stay.From.DayNumber, WindowStart) <= Math.Min(stay.To.DayNumber, Arrival)
                ? region
                : null;

        private static bool Lists(IReadOnlyList<string>? areas, string area)
        {
            if (areas is null)
            {
                return false;
            }

            for (int i = 0; i < areas.Count; i++)
            {
                if (areas[i] is { } listed && listed.AsSpan().Trim().SequenceEqual(area))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
