using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>hulunbuir-2021-60 (呼防指字〔2021〕60号) clause 三: 应隔尽隔、应检尽检.</summary>
public class HulunbuirPolicyTests
{
    private const string Id = "hulunbuir-2021-60";
    private const string Arrival = "2021-09-15 09:00";

    [Fact]
    public void High_risk_stay_since_27_august_gets_14_days_of_centralized_quarantine_with_tests_on_days_1_7_14()
    {
        Decision decision = Shipped.Evaluate(Id, Trip("150702", Arrival, Stay("350322", "2021-09-01", "2021-09-05", "枫亭镇")), High("350322", "枫亭镇", "2021-08-27"));

        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2021-09-15", "2021-09-28", "2021-09-15", "2021-09-21", "2021-09-28")], decision);
        Assert.False(decision.LandingTest);
        Assert.Equal(["三"], decision.Clauses);
    }

    [Theory]
    [InlineData(true, Measure.HomeIsolation)]
    [InlineData(false, Measure.CentralizedQuarantine)]
    public void Medium_risk_stay_gets_14_days_of_home_isolation_or_centralized_without_home_conditions(bool feasible, Measure measure)
    {
        Trip trip = Trip("150783", Arrival, Stay("350302", "2021-09-08", "2021-09-12")) with { HomeIsolationFeasible = feasible };

        Decision decision = Shipped.Evaluate(Id, trip, Medium("350302", null, "2021-09-01"));

        DecisionAssert.PhasesEqual([Phase(measure, "2021-09-15", "2021-09-28", "2021-09-15", "2021-09-21", "2021-09-28")], decision);
    }

    [Fact]
    public void A_certificate_changes_nothing_under_this_notice()
    {
        Trip trip = Trip("150783", Arrival, Stay("350302", "2021-09-08", "2021-09-12")) with { NucleicAcidTest = Negative("2021-09-14 09:00") };

        Decision decision = Shipped.Evaluate(Id, trip, Medium("350302", null, "2021-09-01"));

        Assert.Equal(Measure.HomeIsolation, decision.Measure);
        Assert.False(decision.LandingTest);
    }

    [Fact]
    public void Stay_before_27_august_does_not_count_even_in_a_designated_area()
    {
        Decision decision = Shipped.Evaluate(Id, Trip("150702", Arrival, Stay("350322", "2021-08-20", "2021-08-26", "枫亭镇")), High("350322", "枫亭镇", "2021-08-01"));

        Assert.Equal(["二"], decision.Clauses);
        Assert.Equal(Measure.FreeMovement, decision.Measure);
    }

    [Fact]
    public void Only_the_highest_risk_counts_so_only_one_plan_is_listed()
    {
        Trip trip = Trip("150702", Arrival, Stay("350302", "2021-09-06", "2021-09-08"), Stay("350322", "2021-09-01", "2021-09-05", "枫亭镇"));

        Decision decision = Shipped.Evaluate(Id, trip, High("350322", "枫亭镇", "2021-08-27"), Medium("350302", null, "2021-09-01"));

        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
        Assert.Single(decision.Explanations);
    }
}
