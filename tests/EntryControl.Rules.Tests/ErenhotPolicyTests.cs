using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>erenhot-2021-63 (二连浩特市指挥部公告第63号): home isolation until 14 days after leaving.</summary>
public class ErenhotPolicyTests
{
    private const string Id = "erenhot-2021-63";
    private const string Arrival = "2021-07-10 15:00";
    private static readonly RiskDesignation Ruili = Medium("533102", "姐告国门社区", "2021-06-20");

    private static Trip FromRuili(string from, string to) => Trip("152501", Arrival, Stay("533102", from, to, "姐告国门社区"));

    [Fact]
    public void Medium_risk_stay_with_a_7_day_certificate_gets_home_isolation_until_14_days_after_leaving()
    {
        Decision decision = Shipped.Evaluate(Id, FromRuili("2021-07-01", "2021-07-05") with { NucleicAcidTest = Negative("2021-07-05 10:00") }, Ruili);

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2021-07-10", "2021-07-19", "2021-07-12", "2021-07-19")], decision);
        Assert.False(decision.LandingTest);
    }

    [Fact]
    public void High_risk_stay_gets_the_same_treatment_as_medium()
    {
        Decision decision = Shipped.Evaluate(Id, FromRuili("2021-07-01", "2021-07-05") with { NucleicAcidTest = Negative("2021-07-05 10:00") }, High("533102", null, "2021-06-20"));

        Assert.Equal(["一"], decision.Clauses);
        Assert.Equal(Measure.HomeIsolation, decision.Measure);
    }

    [Fact]
    public void Without_certificate_a_centralized_day_with_a_landing_test_comes_first()
    {
        Decision decision = Shipped.Evaluate(Id, FromRuili("2021-07-01", "2021-07-05"), Ruili);

        Assert.True(decision.LandingTest);
        DecisionAssert.PhasesEqual(
            [
                Phase(Measure.CentralizedQuarantine, "2021-07-10", "2021-07-10", "2021-07-10"),
                Phase(Measure.HomeIsolation, "2021-07-11", "2021-07-19", "2021-07-12", "2021-07-19"),
            ],
            decision);
    }

    [Fact]
    public void Leaving_day_is_the_last_day_the_designation_was_in_force_when_it_was_lifted_during_the_stay()
    {
        // Lifted 07-02 while the traveler stayed until 07-05: L = 07-02, isolation until 07-16; the L+7 test (07-09) lies before arrival.
        Trip trip = FromRuili("2021-07-01", "2021-07-05") with { NucleicAcidTest = Negative("2021-07-09 10:00") };

        Decision decision = Shipped.Evaluate(Id, trip, Medium("533102", "姐告国门社区", "2021-06-20", "2021-07-02"));

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2021-07-10", "2021-07-16", "2021-07-16")], decision);
    }

    [Fact]
    public void Latest_touch_over_several_stays_decides_the_end()
    {
        Trip trip = Trip("152501", Arrival, Stay("533102", "2021-06-22", "2021-06-24", "姐告国门社区"), Stay("533102", "2021-07-03", "2021-07-04", "姐告国门社区")) with
        {
            NucleicAcidTest = Negative("2021-07-09 10:00"),
        };

        Decision decision = Shipped.Evaluate(Id, trip, Ruili);

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2021-07-10", "2021-07-18", "2021-07-11", "2021-07-18")], decision);
    }

    [Theory]
    [InlineData("2021-06-26", true)] // R = L + 14
    [InlineData("2021-06-25", false)] // R = L + 15
    public void Rule_fires_up_to_14_days_after_leaving_and_not_later(string left, bool fires)
    {
        Decision decision = Shipped.Evaluate(Id, FromRuili("2021-06-21", left), Ruili);

        Assert.Equal(fires ? ["一"] : ["二"], decision.Clauses);
        Assert.Equal(fires ? Measure.CentralizedQuarantine : Measure.FreeMovement, decision.Measure);
    }

    [Fact]
    public void Home_isolation_not_feasible_turns_the_home_phase_into_centralized_quarantine()
    {
        Trip trip = FromRuili("2021-07-01", "2021-07-05") with { NucleicAcidTest = Negative("2021-07-05 10:00"), HomeIsolationFeasible = false };

        Decision decision = Shipped.Evaluate(Id, trip, Ruili);

        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2021-07-10", "2021-07-19", "2021-07-12", "2021-07-19")], decision);
        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
    }

    [Fact]
    public void County_of_a_high_risk_area_is_not_a_medium_risk_stay()
    {
        Decision decision = Shipped.Evaluate(Id, Trip("152501", Arrival, Stay("533102", "2021-07-01", "2021-07-05", "勐卯街道")), High("533102", "姐告国门社区", "2021-06-20"));

        Assert.Equal(["二"], decision.Clauses);
    }

    [Fact]
    public void Inherits_the_abroad_and_default_clauses_of_the_regional_notice_but_not_its_risk_area_clause()
    {
        Policy erenhot = Shipped.Policy(Id);
        Assert.Equal("nmg-2020-98", erenhot.Parent);
        Assert.DoesNotContain(erenhot.Rules, r => r.Group is "abroad" or "general");

        Decision abroad = Shipped.Evaluate(Id, Trip("152501", Arrival) with { Abroad = Abroad("2021-07-10", 0) });
        Assert.Equal(["四"], abroad.Clauses);
        Assert.Equal("四", Assert.Single(abroad.Explanations).Clause);
        Assert.Contains("14天集中隔离医学观察", abroad.Explanations[0].ClauseText, StringComparison.Ordinal);

        // The regional clause 一 would monitor someone who left 15 days ago; erenhot's own risk-area group replaced it.
        Assert.Equal(["二"], Shipped.Evaluate(Id, FromRuili("2021-06-21", "2021-06-25"), Ruili).Clauses);
    }
}
