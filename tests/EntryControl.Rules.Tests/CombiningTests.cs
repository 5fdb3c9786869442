using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>policies.md §1 "Combining rules", "Inheritance" and "Home isolation not feasible", on purpose-built policies.</summary>
public class CombiningTests
{
    private static readonly Trip Worker = Trip("150802", "2022-11-20 10:00") with { Occupation = Occupation.ClosedLoopHighRisk };

    private static Decision EvaluateWith(string rules, Trip trip)
    {
        PolicyCatalog catalog = PolicyCatalog.Load([TestPolicies.Source("combining", rules: rules)]);
        return PolicyEvaluator.Evaluate(trip, DesignationIndex.Empty, catalog.Find("combining")!);
    }

    private static string Occupational(string group, string clause, string phases) =>
        $$"""{ "group": "{{group}}", "clauses": ["{{clause}}"], "kind": "occupation", "occupation": "closedLoopHighRisk", "phases": {{phases}} }""";

    [Fact]
    public void Most_severe_phase_wins_even_when_it_is_shorter()
    {
        Decision decision = EvaluateWith(
            $"""[{Occupational("general", "一", """[{ "measure": "homeIsolation", "days": 14 }]""")}, {Occupational("occupation", "二", """[{ "measure": "centralizedQuarantine", "days": 1 }]""")}]""",
            Worker);

        Assert.Equal(Measure.CentralizedQuarantine, decision.Measure);
        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2022-11-20", "2022-11-20")], decision);
        Assert.Equal(["一", "二"], decision.Clauses);
    }

    [Fact]
    public void Equal_severity_goes_to_the_plan_that_ends_later()
    {
        Decision decision = EvaluateWith(
            $"""[{Occupational("general", "一", """[{ "measure": "homeIsolation", "days": 3 }]""")}, {Occupational("occupation", "二", """[{ "measure": "healthMonitoring", "days": 2 }, { "measure": "homeIsolation", "days": 3 }]""")}]""",
            Worker);

        DecisionAssert.PhasesEqual(
            [Phase(Measure.HealthMonitoring, "2022-11-20", "2022-11-21"), Phase(Measure.HomeIsolation, "2022-11-22", "2022-11-24")],
            decision);
    }

    [Fact]
    public void Full_tie_goes_to_the_rule_whose_clause_comes_first_in_the_notice_whatever_the_file_order()
    {
        Decision decision = EvaluateWith(
            $"""[{Occupational("occupation", "二", """[{ "measure": "homeIsolation", "days": 3, "natDays": [3] }]""")}, {Occupational("general", "一", """[{ "measure": "homeIsolation", "days": 3, "natDays": [1] }]""")}]""",
            Worker);

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2022-11-20", "2022-11-22", "2022-11-20")], decision);
        Assert.Equal(["一", "二"], decision.Clauses);
        Assert.Equal(["一", "二"], decision.Explanations.Select(e => e.Clause));
    }

    [Fact]
    public void Rule_without_phases_never_wins_over_a_phase_but_its_landing_test_counts()
    {
        Decision decision = EvaluateWith(
            $$"""[{ "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "closedLoopHighRisk", "landingTest": true }, {{Occupational("occupation", "二", """[{ "measure": "healthMonitoring", "days": 2 }]""")}}]""",
            Worker);

        Assert.Equal(Measure.HealthMonitoring, decision.Measure);
        Assert.True(decision.LandingTest);
    }

    [Fact]
    public void Home_isolation_not_feasible_becomes_centralized_quarantine_before_the_winner_is_chosen()
    {
        string rules = $"""[{Occupational("general", "一", """[{ "measure": "centralizedQuarantine", "days": 2 }]""")}, {Occupational("occupation", "二", """[{ "measure": "homeIsolation", "days": 5, "natDays": [5] }]""")}]""";

        Decision feasible = EvaluateWith(rules, Worker);
        Decision notFeasible = EvaluateWith(rules, Worker with { HomeIsolationFeasible = false });

        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2022-11-20", "2022-11-21")], feasible);
        DecisionAssert.PhasesEqual([Phase(Measure.CentralizedQuarantine, "2022-11-20", "2022-11-24", "2022-11-24")], notFeasible);
    }

    [Fact]
    public void Default_rule_fires_only_when_no_other_rule_did()
    {
        string rules = $$"""[{ "group": "general", "clauses": ["二"], "kind": "default" }, {{Occupational("occupation", "一", """[{ "measure": "healthMonitoring", "days": 2 }]""")}}]""";

        Assert.Equal(["一"], EvaluateWith(rules, Worker).Clauses);
        Assert.Equal(["二"], EvaluateWith(rules, Worker with { Occupation = Occupation.None }).Clauses);
    }

    [Fact]
    public void Child_group_replaces_the_parent_group_and_missing_groups_come_from_the_parent()
    {
        const string parentRules = """
            [{ "group": "general", "clauses": ["一"], "kind": "default" },
             { "group": "occupation", "clauses": ["二"], "kind": "occupation", "occupation": "closedLoopHighRisk", "phases": [{ "measure": "healthMonitoring", "days": 9 }] }]
            """;
        const string childRules = """[{ "group": "general", "clauses": ["一"], "kind": "staysOutside", "outside": "city", "landingTest": true }]""";
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("parent", rules: parentRules),
            TestPolicies.Source("child", jurisdiction: "150800", parent: "parent", rules: childRules),
        ]);
        Policy child = catalog.Find("child")!;

        Decision worker = PolicyEvaluator.Evaluate(Worker, DesignationIndex.Empty, child);
        Decision resident = PolicyEvaluator.Evaluate(Worker with { Occupation = Occupation.None }, DesignationIndex.Empty, child);

        Assert.Equal(9, (worker.Phases[0].End.DayNumber - worker.Phases[0].Start.DayNumber) + 1);
        Assert.Equal("第二条", worker.Explanations[0].ClauseText[2..]);
        Assert.Empty(resident.Clauses); // the parent's default went with its general group
    }

    [Fact]
    public void Inherited_groups_follow_the_parent_version_in_force_on_the_arrival_date()
    {
        static string AbroadRules(int days) => $$"""[{ "group": "abroad", "clauses": ["一"], "kind": "abroad", "centralized": { "days": {{days}} }, "home": { "days": 1 } }]""";
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("region", version: 1, from: "2020-01-01", to: "2020-12-31", rules: AbroadRules(14)),
            TestPolicies.Source("region", version: 2, from: "2021-01-01", rules: AbroadRules(7)),
            TestPolicies.Source("city", jurisdiction: "150800", from: "2020-06-01", parent: "region", rules: TestPolicies.DefaultOnly),
        ]);
        Policy city = catalog.Find("city")!;

        Decision in2020 = PolicyEvaluator.Evaluate(Trip("150802", "2020-08-01 12:00") with { Abroad = Abroad("2020-08-01", 0) }, DesignationIndex.Empty, city);
        Decision in2021 = PolicyEvaluator.Evaluate(Trip("150802", "2021-08-01 12:00") with { Abroad = Abroad("2021-08-01", 0) }, DesignationIndex.Empty, city);

        Assert.Equal(Day("2020-08-14"), in2020.Phases[0].End);
        Assert.Equal(Day("2021-08-07"), in2021.Phases[0].End);
        Assert.Equal(("city", 1), (in2021.Policy.Id, in2021.Policy.Version));
    }

    [Fact]
    public void New_notice_that_fits_the_existing_rule_kinds_is_only_a_data_file()
    {
        // A fictional Ordos notice: key regions and a 10-day window, extending the regional notice.
        PolicySource ordos = TestPolicies.Source(
            "ordos-2022-9",
            jurisdiction: "150600",
            from: "2022-12-01",
            parent: "nmg-2020-98",
            lookBack: """{ "days": 10 }""",
            rules: """[{ "group": "keyRegion", "clauses": ["一"], "kind": "regionPrefix", "prefixes": ["4403"], "phases": [{ "measure": "homeHealthMonitoring", "days": 5, "natDays": [1, 5] }] }]""");
        PolicyCatalog catalog = PolicyCatalog.Load([.. PolicyCatalog.EmbeddedSources(), ordos]);

        Policy policy = catalog.Select("150602", Day("2022-12-05"))!;
        Decision decision = PolicyEvaluator.Evaluate(Trip("150602", "2022-12-05 09:00", Stay("440305", "2022-11-25", "2022-11-26")), DesignationIndex.Empty, policy);

        Assert.Equal("ordos-2022-9", policy.Id);
        DecisionAssert.PhasesEqual([Phase(Measure.HomeHealthMonitoring, "2022-12-05", "2022-12-09", "2022-12-05", "2022-12-09")], decision);
        Assert.Equal(["一"], decision.Clauses);
        Assert.Equal("nmg-2020-98", catalog.Select("150202", Day("2022-12-05"))!.Id);
    }
}
