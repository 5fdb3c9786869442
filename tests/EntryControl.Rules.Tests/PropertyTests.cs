using System.Text.Json;

using EntryControl.Rules.Tests.Support;

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EntryControl.Rules.Tests;

/// <summary>A random trip under one of the shipped policies, with random designations around it.</summary>
public sealed record Scenario(Policy Policy, Trip Trip, RiskDesignation[] Designations, int Raise)
{
    public Decision Evaluate() => PolicyEvaluator.Evaluate(Trip, new DesignationIndex(Designations), Policy);

    public Decision Evaluate(Trip trip, IEnumerable<RiskDesignation> designations) => PolicyEvaluator.Evaluate(trip, new DesignationIndex(designations), Policy);

    public override string ToString() => JsonSerializer.Serialize(new { policy = Policy.Id, Trip, Designations, Raise });
}

public static class ScenarioArbitrary
{
    // Regions inside and outside Bayannur and Inner Mongolia, key regions and the risk areas of the cases.
    private static readonly string[] Regions = ["150802", "150821", "150202", "150102", "152501", "150702", "110101", "650102", "440105", "533102", "350322", "610113"];
    private static readonly string[] Areas = ["东华门街道", "姐告国门社区", "枫亭镇", "车站街道"];

    public static Arbitrary<Scenario> Scenarios() => Arb.From(
        from policy in Gen.Elements(Shipped.Catalog.Policies.ToArray())
        from dayOffset in Gen.Choose(0, 60)
        from minute in Gen.Choose(0, (24 * 60) - 1)
        from utc in Gen.Elements(true, false)
        let arrivalDay = policy.EffectiveFrom.AddDays(dayOffset)
        let arrival = new DateTimeOffset(arrivalDay.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).AddMinutes(minute)
        let arrivalAt = utc ? arrival.ToUniversalTime() : arrival
        from stayCount in Gen.Choose(0, 3)
        from stays in Stay(arrivalDay).ListOf(stayCount)
        from designationCount in Gen.Choose(0, 6)
        from designations in Designation(arrivalDay).ListOf(designationCount)
        from abroad in Gen.Frequency((3, Gen.Constant<AbroadEntry?>(null)), (1, Abroad(arrivalDay)))
        from certificate in Gen.Frequency((1, Gen.Constant<NucleicAcidCertificate?>(null)), (3, Certificate(arrivalAt)))
        from occupation in Gen.Elements(Occupation.None, Occupation.None, Occupation.ClosedLoopHighRisk)
        from traveler in Gen.Elements(TravelerType.Person, TravelerType.Person, TravelerType.FreightDriver)
        from registered in Gen.Elements(true, true, false)
        from feasible in Gen.Elements(true, true, false)
        from temperature in Gen.Frequency((3, Gen.Constant<decimal?>(null)), (1, Gen.Choose(360, 385).Select(t => (decimal?)(t / 10m))))
        from raise in Gen.Choose(0, 100)
        select new Scenario(
            policy,
            new Trip(Jurisdiction(policy), arrivalAt, stays, abroad, certificate, occupation, traveler, registered, feasible, temperature),
            [.. designations],
            raise));

    private static string Jurisdiction(Policy policy) => policy.Jurisdiction.EndsWith("00", StringComparison.Ordinal) ? policy.Jurisdiction[..4] + "02" : policy.Jurisdiction;

    private static Gen<Stay> Stay(DateOnly arrival) =>
        from region in Gen.Elements(Regions)
        from areas in Gen.SubListOf(Areas)
        from back in Gen.Choose(0, 25)
        from length in Gen.Choose(0, 6)
        let start = arrival.AddDays(-back)
        select new Stay(region, [.. areas], start, start.AddDays(Math.Min(length, back)));

    private static Gen<RiskDesignation> Designation(DateOnly arrival) =>
        from region in Gen.Elements(Regions)
        from area in Gen.Frequency((1, Gen.Constant<string?>(null)), (2, Gen.Elements(Areas).Select(a => (string?)a)))
        from level in Gen.Elements(RiskLevel.Low, RiskLevel.Medium, RiskLevel.High)
        from back in Gen.Choose(0, 40)
        from length in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(0, 30).Select(l => (int?)l)))
        let start = arrival.AddDays(-back)
        select new RiskDesignation(region, area, level, start, length is { } l ? start.AddDays(l) : null);

    private static Gen<AbroadEntry?> Abroad(DateOnly arrival) =>
        from back in Gen.Choose(0, 30)
        from done in Gen.Choose(0, back)
        select (AbroadEntry?)new AbroadEntry(arrival.AddDays(-back), done);

    private static Gen<NucleicAcidCertificate?> Certificate(DateTimeOffset arrival) =>
        from minutesBefore in Gen.Choose(-120, 200 * 60)
        from positive in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select (NucleicAcidCertificate?)new NucleicAcidCertificate(arrival.AddMinutes(-minutesBefore), positive ? TestResult.Positive : TestResult.Negative);
}

/// <summary>Properties that must hold for every trip under every shipped policy.</summary>
[Properties(Arbitrary = [typeof(ScenarioArbitrary)], MaxTest = 500)]
public class PropertyTests
{
    [Property]
    public bool A_higher_risk_level_never_yields_a_milder_measure(Scenario scenario)
    {
        if (scenario.Designations.Length == 0)
        {
            return true;
        }

        int index = scenario.Raise % scenario.Designations.Length;
        RiskDesignation raised = scenario.Designations[index];
        if (raised.Level == RiskLevel.High)
        {
            return true;
        }

        RiskDesignation[] higher = [.. scenario.Designations];
        higher[index] = raised with { Level = raised.Level + 1 };

        return scenario.Evaluate(scenario.Trip, higher).Measure >= scenario.Evaluate().Measure;
    }

    [Property]
    public bool Removing_a_certificate_never_removes_a_landing_test(Scenario scenario) =>
        !scenario.Evaluate().LandingTest || scenario.Evaluate(scenario.Trip with { NucleicAcidTest = null }, scenario.Designations).LandingTest;

    [Property]
    public bool Phases_are_ordered_and_contiguous_and_every_test_lies_inside_its_phase_in_order(Scenario scenario)
    {
        IReadOnlyList<Phase> phases = scenario.Evaluate().Phases;
        for (int i = 0; i < phases.Count; i++)
        {
            Phase phase = phases[i];
            if (phase.End < phase.Start || (i > 0 && phase.Start != phases[i - 1].End.AddDays(1)))
            {
                return false;
            }

            for (int t = 0; t < phase.Tests.Count; t++)
            {
                ScheduledTest test = phase.Tests[t];
                if (test.Date < phase.Start || test.Date > phase.End)
                {
                    return false;
                }

                if (t > 0 && (test.Date, test.Kind).CompareTo((phase.Tests[t - 1].Date, phase.Tests[t - 1].Kind)) <= 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property]
    public bool No_phase_starts_before_arrival_and_the_measure_is_never_milder_than_a_phase(Scenario scenario)
    {
        Decision decision = scenario.Evaluate();
        DateOnly arrival = ChinaTime.LocalDate(scenario.Trip.ArrivalAt);
        return decision.Phases.All(p => p.Start >= arrival && p.Measure <= decision.Measure);
    }

    [Property]
    public bool Every_fired_rule_is_explained_and_its_clauses_listed_in_notice_order(Scenario scenario)
    {
        Decision decision = scenario.Evaluate();
        string[] explained = [.. decision.Explanations.SelectMany(e => e.Clause.Split('、')).Distinct()];
        int[] order = [.. decision.Clauses.Select(ChineseNumerals.Parse)];
        return explained.Order().SequenceEqual(decision.Clauses.Order())
            && order.SequenceEqual(order.Order())
            && decision.Explanations.All(e => e.ZhCn.Length > 0 && e.En.Length > 0 && e.ClauseText.Length > 0);
    }

    [Property]
    public bool Evaluation_is_deterministic_and_ignores_the_order_of_stays_and_designations(Scenario scenario)
    {
        string once = JsonSerializer.Serialize(scenario.Evaluate());
        string again = JsonSerializer.Serialize(scenario.Evaluate());
        string reordered = JsonSerializer.Serialize(scenario.Evaluate(
            scenario.Trip with { Stays = [.. scenario.Trip.Stays.Reverse()] },
            scenario.Designations.Reverse()));
        return once == again && once == reordered;
    }
}
