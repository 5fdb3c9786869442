using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>hulunbuir-2021-60 (呼防指字〔2021〕60号) clause 三: 应隔尽隔、应检尽检.</summary>
public class HulunbuirPolicyTests
{
    private const string Id = "hulunbuir-2021-60";
    private const string Arrival = "2021-09-15 09:00";

    [Fact]
    public void High_risk_stay_since_27_august_gets_centralized_quarantine_until_14_days_after_leaving()
    {
        Decision decision = Shipped.Evaluate(Id, Trip("150702", Arrival, Stay("350322", "2021-09-01", "2021-09-05", "枫亭镇")), High("350322", "枫亭镇", "2021-08-27"));

        // Left on 09-05: until 09-19, a test on arrival and on L + 14 (L + 7 = 09-12 lies before arrival).
        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2021-09-15", "2021-09-19", "2021-09-15", "2021-09-19")], decision);
        Assert.False(decision.LandingTest);
        Assert.Equal(["三"], decision.Clauses);
    }

    [Theory]
    [InlineData(true, Measure.HomeIsolation)]
    [InlineData(false, Measure.CentralizedQuarantine)]
    public void Medium_risk_stay_gets_home_isolation_until_14_days_after_leaving_or_centralized_without_home_conditions(bool feasible, Measure measure)
    {
        Trip trip = Trip("150783", Arrival, Stay("350302", "2021-09-08", "2021-09-12")) with { HomeIsolationFeasible = feasible };

        Decision decision = Shipped.Evaluate(Id, trip, Medium("350302", null, "2021-09-01"));

        DecisionAssert.PhasesEqual([Phase(measure, "2021-09-15", "2021-09-26", "2021-09-15", "2021-09-19", "2021-09-26")], decision);
    }

    [Theory]
    [InlineData("2021-09-15", "2021-09-29", new[] { "2021-09-15", "2021-09-22", "2021-09-29" })] // left on arrival day
    [InlineData("2021-09-08", "2021-09-22", new[] { "2021-09-15", "2021-09-22" })] // L + 7 falls on arrival: one test that day
    [InlineData("2021-09-01", "2021-09-15", new[] { "2021-09-15" })] // exactly 14 days before: one day
    public void Clause_three_counts_from_the_day_the_traveler_left(string left, string end, string[] tests)
    {
        Decision decision = Shipped.Evaluate(Id, Trip("150702", Arrival, Stay("350322", "2021-08-28", left, "枫亭镇")), High("350322", "枫亭镇", "2021-08-27"));

        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2021-09-15", end, tests)], decision);
    }

    [Theory]
    [InlineData("2021-09-16 09:00")] // 15 days after leaving on 09-01
    [InlineData("2021-12-01 09:00")] // an August stay and a December arrival
    public void Clause_three_does_not_fire_past_14_days_after_leaving(string arrival)
    {
        Decision decision = Shipped.Evaluate(Id, Trip("150702", arrival, Stay("350322", "2021-08-28", "2021-09-01", "枫亭镇")), High("350322", "枫亭镇", "2021-08-27"));

        Assert.Equal(Measure.FreeMovement, decision.Measure);
        Assert.Equal(["二"], decision.Clauses);
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
