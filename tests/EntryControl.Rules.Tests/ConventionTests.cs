using EntryControl.Rules.Tests.Support;

using static EntryControl.Rules.Tests.Support.Build;

namespace EntryControl.Rules.Tests;

/// <summary>policies.md §1: time zone, certificate age, look-back window, touching designations.</summary>
public class ConventionTests
{
    private const string Bayannur = "bayannur-2022-71";
    private const string Arrival = "2022-11-20 10:00";

    [Theory]
    [InlineData("2022-11-19T15:59:59Z", "2022-11-19")]
    [InlineData("2022-11-19T16:00:00Z", "2022-11-20")]
    [InlineData("2022-11-19T23:30:00-05:00", "2022-11-20")]
    [InlineData("2022-11-20T00:00:00+08:00", "2022-11-20")]
    [InlineData("2022-11-20T23:59:59+08:00", "2022-11-20")]
    public void Arrival_date_is_the_china_local_date(string instant, string date) =>
        Assert.Equal(Day(date), ChinaTime.LocalDate(At(instant)));

    [Fact]
    public void Arrival_in_utc_late_evening_counts_from_the_next_china_date()
    {
        // 2022-11-19 17:30 UTC is 11-20 01:30 in China: the plan starts on 11-20.
        Decision decision = Shipped.Evaluate(Bayannur, Trip("150802", "2022-11-19T17:30:00Z", Stay("150202", "2022-11-16", "2022-11-19")));

        // Clause 五 only advises its two tests.
        DecisionAssert.PhasesEqual([Phase(Measure.ThreeDayTwoTests, "2022-11-20", "2022-11-22", "2022-11-20", "2022-11-22") with { Advisory = true }], decision);
    }

    [Theory]
    [InlineData("2022-11-18 10:00", false)] // exactly 48 h: valid
    [InlineData("2022-11-18 09:59", true)] // 48 h and a minute: not valid
    [InlineData("2022-11-20 10:00", false)] // sampled at the moment of arrival: valid
    [InlineData("2022-11-20 10:01", true)] // sampled after arrival: not valid
    [InlineData("2022-11-18T02:00:00Z", false)] // 10:00 in China, exactly 48 h, written in UTC
    [InlineData("2022-11-18T01:59:00Z", true)]
    public void Certificate_is_valid_for_48_hours_up_to_the_minute(string sampledAt, bool landingTest)
    {
        Trip trip = Trip("150802", Arrival, Stay("150202", "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Negative(sampledAt) };

        Decision decision = Shipped.Evaluate(Bayannur, trip);

        Assert.Equal(["五"], decision.Clauses);
        Assert.Equal(landingTest, decision.LandingTest);
    }

    [Theory]
    [InlineData("2020-07-25 12:00", Measure.HealthMonitoring)] // exactly 168 h
    [InlineData("2020-07-25 11:59", Measure.CentralizedQuarantine)] // 168 h and a minute
    [InlineData("2020-08-01 12:30", Measure.CentralizedQuarantine)] // after arrival
    public void Certificate_is_valid_for_168_hours_under_the_regional_notice(string sampledAt, Measure measure)
    {
        Trip trip = Trip("150202", "2020-08-01 12:00", Stay("650102", "2020-07-20", "2020-07-30")) with { NucleicAcidTest = Negative(sampledAt) };

        Decision decision = Shipped.Evaluate("nmg-2020-98", trip, Medium("650102", null, "2020-07-15"));

        Assert.Equal(measure, decision.Measure);
        Assert.Equal(measure == Measure.CentralizedQuarantine, decision.LandingTest);
    }

    [Fact]
    public void Positive_certificate_is_never_valid_and_refers_to_a_clinic()
    {
        Trip trip = Trip("150802", Arrival, Stay("150202", "2022-11-16", "2022-11-19")) with { NucleicAcidTest = Positive("2022-11-19 09:00") };

        Decision decision = Shipped.Evaluate(Bayannur, trip);

        Assert.Equal(Measure.MedicalReferral, decision.Measure);
        Assert.True(decision.LandingTest);
        Assert.True(decision.Referral is { PositiveCertificate: true, Fever: false });
        // Clause 五 only advises its two tests.
        DecisionAssert.PhasesEqual([Phase(Measure.ThreeDayTwoTests, "2022-11-20", "2022-11-22", "2022-11-20", "2022-11-22") with { Advisory = true }], decision);
    }

    [Theory]
    [InlineData(37.2, Measure.ThreeDayTwoTests)]
    [InlineData(37.3, Measure.MedicalReferral)]
    [InlineData(39.0, Measure.MedicalReferral)]
    public void Temperature_of_37_3_or_more_refers_to_a_clinic_and_keeps_the_phases(double celsius, Measure measure)
    {
        Trip trip = Trip("150802", Arrival, Stay("150202", "2022-11-16", "2022-11-19")) with
        {
            NucleicAcidTest = Negative("2022-11-19 09:00"),
            TemperatureCelsius = (decimal)celsius,
        };

        Decision decision = Shipped.Evaluate(Bayannur, trip);

        Assert.Equal(measure, decision.Measure);
        Assert.False(decision.LandingTest);
        Assert.Equal(measure == Measure.MedicalReferral, decision.Referral is { Fever: true });
        Assert.Equal(Measure.ThreeDayTwoTests, Assert.Single(decision.Phases).Measure);
    }

    [Fact]
    public void Fever_refers_a_freight_driver_too()
    {
        Trip trip = Trip("150802", Arrival, Stay("150202", "2022-11-19", "2022-11-20")) with
        {
            TravelerType = TravelerType.FreightDriver,
            TemperatureCelsius = 38m,
        };

        Decision decision = Shipped.Evaluate(Bayannur, trip);

        Assert.Equal(Measure.MedicalReferral, decision.Measure);
        Assert.Equal(["九"], decision.Clauses);
    }

    [Theory]
    [InlineData("2022-11-13", true)] // R - 7: first day of the window
    [InlineData("2022-11-12", false)] // R - 8: the day before
    public void Seven_day_window_includes_its_first_day_and_nothing_before(string stayEnds, bool counts)
    {
        Trip trip = Trip("150802", Arrival, Stay("110101", "2022-11-10", stayEnds, "东华门街道"));

        Decision decision = Shipped.Evaluate(Bayannur, trip, High("110101", "东华门街道", "2022-11-01"));

        Assert.Equal(counts, decision.Clauses.Contains("一"));
        Assert.Equal(counts ? Measure.HomeIsolation : Measure.FreeMovement, decision.Measure);
    }

    [Theory]
    [InlineData("2020-07-18", true)] // R - 14
    [InlineData("2020-07-17", false)] // R - 15
    public void Fourteen_day_window_of_the_regional_notice_has_the_same_edges(string stayEnds, bool counts)
    {
        Trip trip = Trip("150102", "2020-08-01 12:00", Stay("650102", "2020-07-10", stayEnds));

        Decision decision = Shipped.Evaluate("nmg-2020-98", trip, Medium("650102", null, "2020-07-01"));

        Assert.Equal(counts ? ["一", "三"] : ["二"], decision.Clauses);
    }

    [Theory]
    [InlineData("2021-08-27", true)] // "8月27日以来": the fixed first day counts
    [InlineData("2021-08-26", false)]
    public void Fixed_window_start_counts_from_that_date(string stayEnds, bool counts)
    {
        // Version 1 of the Hulunbuir notice: version 2 counts 14 days from leaving, so a stay ending at the window's
        // start can no longer reach an arrival on or after the notice's first day, and the edge would not show.
        Trip trip = Trip("150702", "2021-09-15 09:00", Stay("350322", "2021-08-20", stayEnds, "枫亭镇"));

        Decision decision = PolicyEvaluator.Evaluate(trip, new DesignationIndex([High("350322", "枫亭镇", "2021-08-01")]), Shipped.Catalog.Find("hulunbuir-2021-60", 1)!);

        Assert.Equal(counts ? ["三"] : ["二"], decision.Clauses);
    }

    [Theory]
    [InlineData("2020-07-16", false)] // lifted before the window starts (07-18)
    [InlineData("2020-07-18", true)] // still in force on the window's first day
    public void Lifted_designation_counts_only_for_days_it_shares_with_the_window(string liftedOn, bool counts)
    {
        Trip trip = Trip("150102", "2020-08-01 12:00", Stay("650102", "2020-07-10", "2020-07-25"));

        Decision decision = Shipped.Evaluate("nmg-2020-98", trip, Medium("650102", null, "2020-07-01", liftedOn));

        Assert.Equal(counts ? ["一", "三"] : ["二"], decision.Clauses);
    }

    [Fact]
    public void Designation_starting_after_the_stay_does_not_count()
    {
        Trip trip = Trip("152501", "2021-07-10 15:00", Stay("533102", "2021-07-01", "2021-07-05", "姐告国门社区"));

        Decision decision = Shipped.Evaluate("erenhot-2021-63", trip, Medium("533102", "姐告国门社区", "2021-07-06"));

        Assert.Equal(["二"], decision.Clauses);
    }

    [Fact]
    public void Retroactive_designation_counts_stays_before_its_announcement()
    {
        // Announced 07-06 but counting from 06-20: a stay 06-25..06-28 touches it, L = 06-28.
        Trip trip = Trip("152501", "2021-07-10 15:00", Stay("533102", "2021-06-25", "2021-06-28", "姐告国门社区")) with { NucleicAcidTest = Negative("2021-07-09 10:00") };

        Decision decision = Shipped.Evaluate("erenhot-2021-63", trip, Medium("533102", "姐告国门社区", "2021-06-20"));

        DecisionAssert.PhasesEqual([Phase(Measure.HomeIsolation, "2021-07-10", "2021-07-12", "2021-07-12")], decision);
    }

    [Theory]
    [InlineData("东华门街道", Measure.HomeIsolation)]
    [InlineData("  东华门街道\t", Measure.HomeIsolation)]
    [InlineData("东华门", Measure.ThreeDayTwoTests)] // not the same name: elsewhere in the county
    [InlineData("东华门街道办事处", Measure.ThreeDayTwoTests)]
    public void Area_names_are_trimmed_then_matched_exactly(string listed, Measure measure)
    {
        Trip trip = Trip("150802", Arrival, Stay("110101", "2022-11-14", "2022-11-18", listed));

        Decision decision = Shipped.Evaluate(Bayannur, trip, High("110101", " 东华门街道 ", "2022-11-10"));

        Assert.Equal(measure, decision.Measure);
    }

    [Fact]
    public void Whole_county_designation_touches_a_stay_that_lists_no_area()
    {
        Trip trip = Trip("150783", "2021-09-15 09:00", Stay("350302", "2021-09-08", "2021-09-12"));

        Decision decision = Shipped.Evaluate("hulunbuir-2021-60", trip, Medium("350302", null, "2021-09-01"));

        Assert.Equal(Measure.HomeIsolation, decision.Measure);
    }

    [Fact]
    public void Stay_in_another_county_touches_nothing()
    {
        Trip trip = Trip("150783", "2021-09-15 09:00", Stay("350303", "2021-09-08", "2021-09-12"));

        Decision decision = Shipped.Evaluate("hulunbuir-2021-60", trip, Medium("350302", null, "2021-09-01"));

        Assert.Equal(["二"], decision.Clauses);
    }

    [Fact]
    public void County_of_a_high_sub_area_is_county_of_high_but_a_medium_one_is_not()
    {
        Trip trip = Trip("150702", "2021-09-15 09:00", Stay("350322", "2021-09-01", "2021-09-05", "榜头镇"));

        // Hulunbuir has no countyOfHigh rule and treats medium as medium: nothing fires but the default.
        Assert.Equal(["二"], Shipped.Evaluate("hulunbuir-2021-60", trip, High("350322", "枫亭镇", "2021-08-27")).Clauses);
        Assert.Equal(["二"], Shipped.Evaluate("hulunbuir-2021-60", trip, Medium("350322", "枫亭镇", "2021-08-27")).Clauses);
    }

    [Fact]
    public void Low_designation_changes_nothing()
    {
        Trip trip = Trip("150802", Arrival, Stay("150802", "2022-11-15", "2022-11-19", "车站街道"));

        Decision decision = Shipped.Evaluate(Bayannur, trip, Low("150802", "车站街道", "2022-11-10"), Low("150802", null, "2022-11-10"));

        Assert.Equal(Measure.FreeMovement, decision.Measure);
        Assert.Empty(decision.Clauses);
    }

    [Fact]
    public void Stays_outside_the_window_and_empty_stays_never_throw()
    {
        Trip trip = Trip("150802", Arrival, Stay("650102", "2022-10-01", "2022-10-05"), Stay("110101", "2022-12-01", "2022-11-01")) with
        {
            Abroad = Abroad("2020-01-01", 300),
        };

        Decision decision = Shipped.Evaluate(Bayannur, trip, High("650102", null, "2022-10-01"));

        Assert.Equal(Measure.FreeMovement, decision.Measure);
        Assert.Empty(decision.Phases);
        Assert.Empty(decision.Clauses);
        Assert.Equal(Measure.FreeMovement, Shipped.Evaluate(Bayannur, Trip("150802", Arrival)).Measure);
    }
}
