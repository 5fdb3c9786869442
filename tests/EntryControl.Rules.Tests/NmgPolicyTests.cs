using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>nmg-2020-98 (内防指发〔2020〕98号), clause by clause.</summary>
public class NmgPolicyTests
{
    private const string Id = "nmg-2020-98";
    private const string Arrival = "2020-08-01 12:00";

    private static Decision Evaluate(Trip trip, params RiskDesignation[] designations) => Shipped.Evaluate(Id, trip, designations);

    [Theory]
    [InlineData(RiskLevel.Medium)]
    [InlineData(RiskLevel.High)]
    public void Medium_or_high_risk_stay_with_a_7_day_certificate_gets_14_days_of_health_monitoring(RiskLevel level)
    {
        Trip trip = Trip("150202", Arrival, Stay("650102", "2020-07-20", "2020-07-30")) with { NucleicAcidTest = Negative("2020-07-28 12:00") };

        Decision decision = Evaluate(trip, new RiskDesignation("650102", null, level, Day("2020-07-15"), null));

        Assert.Equal(Measure.HealthMonitoring, decision.Measure);
        Assert.False(decision.LandingTest);
        Assert.Equal(["一", "三"], decision.Clauses);
        DecisionAssert.PhasesEqual([Phase(Measure.HealthMonitoring, "2020-08-01", "2020-08-14")], decision);
    }

    [Fact]
    public void Risk_stay_without_certificate_is_quarantined_on_arrival_until_tested_then_monitored()
    {
        Trip trip = Trip("150202", Arrival, Stay("650102", "2020-07-20", "2020-07-30"));

        Decision decision = Evaluate(trip, High("650102", null, "2020-07-15"));

        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
        Assert.True(decision.LandingTest);
        DecisionAssert.PhasesEqual(
            [
                Phase(Measure.CentralizedQuarantine, "2020-08-01", "2020-08-01", "2020-08-01"),
                Phase(Measure.HealthMonitoring, "2020-08-02", "2020-08-14"),
            ],
            decision);
    }

    [Fact]
    public void Low_risk_origin_is_free_and_lists_clause_two_only_when_nothing_else_fired()
    {
        Decision free = Evaluate(Trip("150102", Arrival, Stay("110101", "2020-07-25", "2020-07-31")));
        Decision abroad = Evaluate(Trip("150102", Arrival) with { Abroad = Abroad("2020-08-01", 0) });

        Assert.Equal(Measure.FreeMovement, free.Measure);
        Assert.Equal(["二"], free.Clauses);
        Assert.Single(free.Explanations);
        Assert.Equal(["四"], abroad.Clauses);
    }

    [Fact]
    public void Abroad_arrival_with_nothing_done_gets_14_centralized_and_14_home_days_with_two_nat_and_one_antibody_test()
    {
        Decision decision = Evaluate(Trip("150102", Arrival) with { Abroad = Abroad("2020-08-01", 0) });

        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
        Phase centralized = decision.Phases[0];
        Assert.Equal((Day("2020-08-01"), Day("2020-08-14")), (centralized.Start, centralized.End));
        Assert.Equal(
            [new(Day("2020-08-01"), TestKind.Nat), new(Day("2020-08-14"), TestKind.Antibody), new(Day("2020-08-14"), TestKind.Nat)],
            centralized.Tests);
        Phase home = decision.Phases[1];
        Assert.Equal((Measure.HomeIsolation, Day("2020-08-15"), Day("2020-08-28")), (home.Measure, home.Start, home.End));
        Assert.Empty(home.Tests);
    }

    [Fact]
    public void Abroad_arrival_who_served_the_centralized_part_at_the_port_does_the_rest_of_the_home_part()
    {
        // Entered 07-12 and served all 14 days there: home isolation 07-26..08-08, of which 08-01..08-08 remain.
        Decision decision = Evaluate(Trip("150102", Arrival) with { Abroad = Abroad("2020-07-12", 14) });

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2020-08-01", "2020-08-08")], decision);
        Assert.Equal(Measure.HomeIsolation, decision.Measure);
    }

    [Fact]
    public void Abroad_and_risk_area_together_list_both_and_the_stricter_plan_wins()
    {
        Trip trip = Trip("150102", Arrival, Stay("650102", "2020-07-20", "2020-07-30")) with { Abroad = Abroad("2020-07-20", 12) };

        Decision decision = Evaluate(trip, Medium("650102", null, "2020-07-15"));

        Assert.Equal(["一", "三", "四"], decision.Clauses);
        Assert.Equal(2, decision.Explanations.Count);
        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
        Assert.Equal(Day("2020-08-01"), decision.Phases[0].Start);
        Assert.Equal(Day("2020-08-02"), decision.Phases[0].End); // 12 of 14 centralized days done at the port: 2 remain
        Assert.True(decision.LandingTest); // clause 一 without certificate
    }

    [Fact]
    public void Freight_driver_is_a_person_where_the_policy_has_no_freight_group()
    {
        Trip trip = Trip("150202", Arrival, Stay("650102", "2020-07-20", "2020-07-30")) with { TravelerType = TravelerType.FreightDriver };

        Decision decision = Evaluate(trip, Medium("650102", null, "2020-07-15"));

        Assert.Equal(["一", "三"], decision.Clauses);
        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
    }
}
