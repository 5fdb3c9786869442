using EntryControl.Rules;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Declarations.Storage;
using EntryControl.Web.Features.Evaluations;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>What is stored is not what is on the wire: rows written by the first release still read back.</summary>
public sealed class StoredJsonTests
{
    // As the first release wrote them (the API's JSON options, no version property).
    private const string FirstReleaseDecision = """
        {"policy":{"id":"bayannur-2022-71","version":1,"title":"巴彦淖尔市通告","jurisdiction":"150800","effectiveFrom":"2022-11-14","effectiveTo":null},
         "measure":"threeDayTwoTests","entryAllowed":true,"landingTest":true,
         "phases":[{"measure":"threeDayTwoTests","start":"2022-11-20","end":"2022-11-22","tests":[{"date":"2022-11-20","kind":"nat"},{"date":"2022-11-22","kind":"nat"}]}],
         "clauses":["七"],"explanations":[{"clause":"七","clauseText":"原文","zhCn":"说明","en":"explanation"}]}
        """;

    private const string FirstReleaseTrip = """
        {"arrivalAt":"2022-11-20T10:00:00+08:00","stays":[{"region":"610113","areas":null,"from":"2022-11-16","to":"2022-11-19"}],
         "abroad":null,"nucleicAcidTest":{"sampledAt":"2022-11-19T09:00:00+08:00","result":"negative"},"occupation":"none","travelerType":"person","homeIsolationFeasible":true}
        """;

    [Fact]
    public void A_decision_stored_by_the_first_release_reads_back()
    {
        var decision = StoredJson.ReadDecision(FirstReleaseDecision);

        Assert.Equal(Measure.ThreeDayTwoTests, decision.Measure);
        Assert.Equal(new DateOnly(2022, 11, 22), decision.Phases[0].End);
        Assert.Equal([TestKind.Nat, TestKind.Nat], decision.Phases[0].Tests.Select(t => t.Kind));
        Assert.Equal("说明", decision.Explanations[0].ZhCn);
        Assert.Null(decision.Referral);
    }

    [Fact]
    public void A_trip_stored_by_the_first_release_reads_back_as_declared()
    {
        var trip = StoredJson.ReadTripAsDeclared(FirstReleaseTrip);

        Assert.Equal("2022-11-20T10:00:00+08:00", trip.ArrivalAt);
        Assert.Equal("610113", trip.Stays![0].Region);
        Assert.Equal("negative", trip.NucleicAcidTest!.Result);
    }

    [Fact]
    public void What_is_written_carries_its_version_and_round_trips()
    {
        var input = new TripInput("2022-11-20T10:00:00+08:00", [new StayInput("610113", ["东华门街道"], "2022-11-16", "2022-11-19")], Occupation: "none");

        var json = StoredJson.TripAsDeclared(input);

        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.Equal(input.Stays![0].Areas, StoredJson.ReadTripAsDeclared(json).Stays![0].Areas);
        Assert.Equal(input.ArrivalAt, StoredJson.ReadTripAsDeclared(json).ArrivalAt);
    }

    [Fact]
    public void A_document_from_a_newer_build_is_refused_rather_than_misread()
    {
        Assert.Throws<NotSupportedException>(() => StoredJson.ReadTripAsDeclared("""{"version":2,"arrivalAt":"2022-11-20T10:00:00+08:00"}"""));
    }
}
