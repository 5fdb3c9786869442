using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>bayannur-2022-71 (巴防指通告〔2022〕71号), clause by clause.</summary>
public class BayannurPolicyTests
{
    private const string Id = "bayannur-2022-71";
    private const string Arrival = "2022-11-20 10:00";
    private static readonly RiskDesignation Donghuamen = High("110101", "东华门街道", "2022-11-10");
    private static readonly Phase[] SevenDaysAtHome = [Phase(Measure.HomeIsolation, "2022-11-20", "2022-11-26", "2022-11-20", "2022-11-22", "2022-11-24", "2022-11-26")];

    // Left the area on 11-18: isolation until L + 7 = 11-25, tests on L + 1, 3, 5, 7 from arrival on.
    private static readonly Phase[] UntilSevenDaysAfterLeaving = [Phase(Measure.HomeIsolation, "2022-11-20", "2022-11-25", "2022-11-21", "2022-11-23", "2022-11-25")];
    private static readonly Phase[] ThreeDaysTwoTests = [Phase(Measure.ThreeDayTwoTests, "2022-11-20", "2022-11-22", "2022-11-20", "2022-11-22")];

    // Clause 五 "建议实行'3天2检'": the same days, advised.
    private static readonly Phase[] ThreeDaysTwoTestsAdvised = [ThreeDaysTwoTests[0] with { Advisory = true }];

    private static Decision Evaluate(Trip trip, params RiskDesignation[] designations) => Shipped.Evaluate(Id, trip, designations);

    [Fact]
    public void Policy_asks_for_registration_3_days_ahead_and_looks_back_7_days()
    {
        Policy policy = Shipped.Policy(Id);

        Assert.Equal(3, policy.AdvanceRegistrationDays);
        Assert.Equal(7, policy.LookBack.Days);
        Assert.Null(policy.Parent);
        Assert.Equal(14, policy.Clauses.Count);
    }

    [Fact]
    public void High_risk_stay_within_seven_days_gets_home_isolation_until_seven_days_after_leaving()
    {
        Decision decision = Evaluate(Trip("150802", Arrival, Stay("110101", "2022-11-14", "2022-11-18", "东华门街道")) with { NucleicAcidTest = Negative("2022-11-19 08:00") }, Donghuamen);

        DecisionAssert.PhasesEqual(UntilSevenDaysAfterLeaving, decision);
        Assert.Equal(["一", "七"], decision.Clauses);
        Assert.Contains("离开风险区域之日（2022-11-18）起算，至2022-11-25止", decision.Explanations[0].ZhCn, StringComparison.Ordinal);
        Assert.Contains("counted from leaving the area on 2022-11-18, until 2022-11-25", decision.Explanations[0].En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2022-11-20", "2022-11-27", new[] { "2022-11-21", "2022-11-23", "2022-11-25", "2022-11-27" })] // left on arrival day
    [InlineData("2022-11-19", "2022-11-26", new[] { "2022-11-20", "2022-11-22", "2022-11-24", "2022-11-26" })] // the day before: as 7 days from arrival
    [InlineData("2022-11-13", "2022-11-20", new[] { "2022-11-20" })] // exactly 7 days before: one day, the day-7 test
    public void Clause_one_counts_from_the_day_the_traveler_left(string left, string end, string[] tests)
    {
        Decision decision = Evaluate(Trip("150802", Arrival, Stay("110101", "2022-11-10", left, "东华门街道")), Donghuamen);

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2022-11-20", end, tests)], decision);
        Assert.Equal(Measure.HomeIsolation, decision.Measure);
    }

    [Fact]
    public void Explanations_name_the_places_the_cost_and_our_readings_as_readings()
    {
        Decision keyRegion = Evaluate(Trip("150802", Arrival, Stay("650102", "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative("2022-11-19 09:00") });
        Explanation four = keyRegion.Explanations.Single(e => e.Clause == "四");
        Explanation seven = keyRegion.Explanations.Single(e => e.Clause == "七");

        Assert.Contains("有重点地区（新疆、西藏、甘肃省兰州市、河南省郑州市、广东省广州市、呼和浩特市）旅居史", four.ZhCn, StringComparison.Ordinal);
        Assert.DoesNotContain("区划代码", four.ZhCn, StringComparison.Ordinal);
        Assert.Contains("(Xinjiang, Tibet, Lanzhou, Gansu,", four.En, StringComparison.Ordinal);
        Assert.Equal("解读：“7天内”按抵达日前7天至抵达当日（含首尾）计算。", four.ReadingZhCn);
        Assert.Contains("需做落地核酸检测（费用自理）", seven.ZhCn, StringComparison.Ordinal);
        Assert.Contains("at the traveler's own cost", seven.En, StringComparison.Ordinal);

        Decision highRisk = Evaluate(Trip("150802", Arrival, Stay("110101", "2022-11-14", "2022-11-18", "东华门街道")), Donghuamen);
        Assert.Equal("解读：“7天内”按抵达日前7天至抵达当日（含首尾）计算；按全国第九版防控方案，管理期限自离开风险区域之日起算。", highRisk.Explanations.Single(e => e.Clause == "一").ReadingZhCn);
        Assert.Null(Evaluate(Trip("150802", Arrival) with { Occupation = Occupation.ClosedLoopHighRisk }).Explanations.Single().ReadingZhCn);
    }

    [Fact]
    public void The_first_reading_is_kept_as_version_1_and_never_chosen()
    {
        Policy first = Shipped.Catalog.Find(Id, 1)!;
        Trip trip = Trip("150802", Arrival, Stay("110101", "2022-11-14", "2022-11-18", "东华门街道"));

        Assert.True(first.Superseded);
        Assert.Equal(2, Shipped.Policy(Id).Version);
        Assert.Equal(2, Shipped.Catalog.Select("150802", Day("2022-11-20"))!.Version);
        Assert.Equal(first.EffectiveFrom, Shipped.Policy(Id).EffectiveFrom);
        DecisionAssert.PhasesEqual(SevenDaysAtHome, PolicyEvaluator.Evaluate(trip, new DesignationIndex([Donghuamen]), first));
    }

    [Fact]
    public void Medium_designation_is_treated_as_high_including_the_rest_of_its_county()
    {
        Decision inArea = Evaluate(Trip("150802", Arrival, Stay("150202", "2022-11-15", "2022-11-18", "友谊大街")), Medium("150202", "友谊大街", "2022-11-10"));
        Decision inCounty = Evaluate(Trip("150802", Arrival, Stay("150202", "2022-11-15", "2022-11-18", "钢铁大街")), Medium("150202", "友谊大街", "2022-11-10"));

        Assert.Equal(["一"], inArea.Clauses);
        DecisionAssert.PhasesEqual(UntilSevenDaysAfterLeaving, inArea);
        Assert.Equal(["二"], inCounty.Clauses);
    }

    [Theory]
    [InlineData("2022-11-19 08:00", false)]
    [InlineData("2022-11-17 08:00", true)]
    public void Elsewhere_in_a_county_with_a_high_risk_area_gets_three_days_two_tests(string sampledAt, bool landing)
    {
        // Inside Bayannur itself, so clause 七 does not add its own landing test.
        Trip trip = Trip("150802", Arrival, Stay("150802", "2022-11-15", "2022-11-19", "新华街道")) with { NucleicAcidTest = Negative(sampledAt) };

        Decision decision = Evaluate(trip, High("150802", "车站街道", "2022-11-12"));

        Assert.Equal(["二"], decision.Clauses);
        Assert.Equal(landing, decision.LandingTest);
        DecisionAssert.PhasesEqual(ThreeDaysTwoTests, decision);
    }

    [Theory]
    [InlineData("2022-11-15", 5, new[] { "HomeIsolation 2022-11-20..2022-11-22 tests: 11-20/Nat 11-22/Nat\n" })]
    [InlineData("2022-11-16", 4, new[] { "CentralizedQuarantine 2022-11-20..2022-11-20 tests:\n", "HomeIsolation 2022-11-21..2022-11-23 tests: 11-21/Nat 11-23/Nat\n" })]
    [InlineData("2022-11-18", 2, new[] { "CentralizedQuarantine 2022-11-20..2022-11-22 tests:\n", "HomeIsolation 2022-11-23..2022-11-25 tests: 11-23/Nat 11-25/Nat\n" })]
    [InlineData("2022-11-20", 0, new[] { "CentralizedQuarantine 2022-11-20..2022-11-24 tests:\n", "HomeIsolation 2022-11-25..2022-11-27 tests: 11-25/Nat 11-27/Nat\n" })]
    [InlineData("2022-11-14", 5, new[] { "HomeIsolation 2022-11-20..2022-11-21 tests: 11-21/Nat\n" })]
    [InlineData("2022-11-10", 5, new string[0])]
    public void Abroad_arrival_owes_what_is_left_of_five_centralized_and_three_home_days(string entered, int done, string[] phases)
    {
        Decision decision = Evaluate(Trip("150802", Arrival) with { Abroad = Abroad(entered, done) });

        Assert.Equal(string.Concat(phases), DecisionAssert.Describe(decision.Phases));
        Assert.Equal(phases.Length == 0 ? [] : ["三"], decision.Clauses);
    }

    [Theory]
    [InlineData("650102")] // 新疆
    [InlineData("540102")] // 西藏
    [InlineData("620102")] // 兰州
    [InlineData("410102")] // 郑州
    [InlineData("440105")] // 广州
    [InlineData("150102")] // 呼和浩特
    public void Key_region_stay_gets_seven_days_of_home_isolation(string region)
    {
        Decision decision = Evaluate(Trip("150802", Arrival, Stay(region, "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative("2022-11-19 09:00") });

        DecisionAssert.PhasesEqual(SevenDaysAtHome, decision);
        Assert.Contains("四", decision.Clauses);
        Assert.DoesNotContain("五", decision.Clauses);
    }

    [Theory]
    [InlineData("620502")] // 天水, Gansu but not Lanzhou
    [InlineData("410202")] // 开封, Henan but not Zhengzhou
    [InlineData("150202")] // 包头
    public void Other_cities_of_the_same_provinces_are_not_key_regions(string region)
    {
        Decision decision = Evaluate(Trip("150802", Arrival, Stay(region, "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative("2022-11-19 09:00") });

        Assert.DoesNotContain("四", decision.Clauses);
        Assert.Contains("五", decision.Clauses);
        Assert.Equal(Measure.ThreeDayTwoTests, decision.Measure);
    }

    [Fact]
    public void Stay_inside_the_city_is_not_outside_the_city()
    {
        Decision decision = Evaluate(Trip("150802", Arrival, Stay("150821", "2022-11-16", "2022-11-19")));

        Assert.Empty(decision.Clauses);
        Assert.Equal(Measure.FreeMovement, decision.Measure);
        Assert.False(decision.LandingTest);
    }

    [Fact]
    public void Outside_city_clause_gives_way_to_risk_area_and_key_region_clauses_but_not_to_abroad_or_occupation()
    {
        Trip trip = Trip("150802", Arrival, Stay("150202", "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative("2022-11-19 09:00") };

        Assert.Equal(["五"], Evaluate(trip).Clauses);
        Assert.Equal(["二"], Evaluate(trip, High("150202", "某街道", "2022-11-10")).Clauses);
        Assert.Equal(["一"], Evaluate(trip, High("150202", null, "2022-11-10")).Clauses);
        Assert.Equal(["四"], Evaluate(trip with { Stays = [Stay("150202", "2022-11-16", "2022-11-17"), Stay("150102", "2022-11-18", "2022-11-19")] }).Clauses);
        Assert.Equal(["五", "六"], Evaluate(trip with { Occupation = Occupation.ClosedLoopHighRisk }).Clauses);
    }

    [Fact]
    public void Closed_loop_high_risk_post_gets_five_days_of_home_health_monitoring()
    {
        Decision decision = Evaluate(Trip("150821", Arrival) with { Occupation = Occupation.ClosedLoopHighRisk });

        DecisionAssert.PhasesEqual([Phase(Measure.HomeHealthMonitoring, "2022-11-20", "2022-11-24", "2022-11-20", "2022-11-22", "2022-11-24")], decision);
        Assert.Equal(["六"], decision.Clauses);
    }

    [Fact]
    public void Stay_outside_inner_mongolia_adds_a_landing_test_and_nothing_else()
    {
        Trip trip = Trip("150802", Arrival, Stay("610113", "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative("2022-11-19 09:00") };

        Decision decision = Evaluate(trip);

        Assert.Equal(["五", "七"], decision.Clauses);
        Assert.True(decision.LandingTest);
        DecisionAssert.PhasesEqual(ThreeDaysTwoTestsAdvised, decision);
    }

    [Theory]
    [InlineData("130102", "2022-11-19 20:00", true, true, true)] // outside Inner Mongolia: landing test even with a certificate
    [InlineData("150202", "2022-11-19 20:00", true, false, true)]
    [InlineData("150202", "2022-11-18 09:00", true, true, true)] // certificate older than 48 h
    [InlineData("150202", "2022-11-19 20:00", false, false, false)] // not registered: refused
    public void Freight_driver_gets_closed_loop_transit_and_is_refused_unless_registered(string region, string sampledAt, bool registered, bool landing, bool allowed)
    {
        Trip trip = Trip("150802", Arrival, Stay(region, "2022-11-19", "2022-11-20")) with
        {
            TravelerType = TravelerType.FreightDriver,
            PreRegistered = registered,
            NucleicAcidTest = Negative(sampledAt),
        };

        Decision decision = Evaluate(trip);

        Assert.Equal(Measure.ClosedLoopTransit, decision.Measure);
        Assert.Empty(decision.Phases);
        Assert.Equal(["九"], decision.Clauses);
        Assert.Equal(landing, decision.LandingTest);
        Assert.Equal(allowed, decision.EntryAllowed);
    }

    [Fact]
    public void Freight_group_alone_decides_a_freight_driver()
    {
        Trip trip = Trip("150802", Arrival, Stay("650102", "2022-11-18", "2022-11-19", "东华门街道")) with
        {
            TravelerType = TravelerType.FreightDriver,
            Occupation = Occupation.ClosedLoopHighRisk,
            Abroad = Abroad("2022-11-19", 0),
            NucleicAcidTest = Negative("2022-11-19 20:00"),
        };

        Decision decision = Evaluate(trip, High("650102", null, "2022-11-01"));

        Assert.Equal(["九"], decision.Clauses);
        Assert.Equal(Measure.ClosedLoopTransit, decision.Measure);
        Assert.Empty(decision.Phases);
    }

    [Fact]
    public void Explanations_quote_the_clause_and_explain_it_in_both_languages()
    {
        Trip trip = Trip("150802", Arrival, Stay("110101", "2022-11-14", "2022-11-18", "东华门街道")) with { HomeIsolationFeasible = false };

        Decision decision = Evaluate(trip, Donghuamen);

        Assert.Equal(["一", "七"], decision.Explanations.Select(e => e.Clause));
        Explanation first = decision.Explanations[0];
        Assert.StartsWith("一、对7天内有高风险区旅居史来（返）我市人员，实行7天居家隔离", first.ClauseText, StringComparison.Ordinal);
        Assert.Contains("集中隔离", first.ZhCn, StringComparison.Ordinal);
        Assert.Contains("centralized quarantine", first.En, StringComparison.Ordinal);
        Assert.Contains("落地核酸检测", decision.Explanations[1].ZhCn, StringComparison.Ordinal);

        Decision refused = Evaluate(Trip("150802", Arrival) with { TravelerType = TravelerType.FreightDriver, PreRegistered = false });
        Assert.Contains("refused", Assert.Single(refused.Explanations).En, StringComparison.Ordinal);
    }
}
