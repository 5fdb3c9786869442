using EntryControl.Rules;
using EntryControl.Web.Features.Scans;

namespace EntryControl.Web.Tests.Scans;

/// <summary>The health code shown at the checkpoint can only make the recommended action stricter.</summary>
public sealed class RecommendedOutcomeTests
{
    private static readonly PolicyReference Policy = new("bayannur-2022-71", 1, "test", "150800", new DateOnly(2022, 11, 1), null);

    /// <summary>Every shape of decision the console can meet: each measure as the first phase, entry allowed or not, with or without a landing test.</summary>
    public static TheoryData<Measure, bool, bool> Decisions()
    {
        var data = new TheoryData<Measure, bool, bool>();
        foreach (var measure in Enum.GetValues<Measure>())
        {
            foreach (var entryAllowed in new[] { true, false })
            {
                foreach (var landingTest in new[] { true, false })
                {
                    data.Add(measure, entryAllowed, landingTest);
                }
            }
        }

        return data;
    }

    private static Decision DecisionOf(Measure measure, bool entryAllowed, bool landingTest)
    {
        var day = new DateOnly(2022, 11, 20);
        return new Decision(Policy, measure, entryAllowed, landingTest, [new Phase(measure, day, day.AddDays(6), [])], [], []);
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void A_red_code_is_never_released_nor_turned_back(Measure measure, bool entryAllowed, bool landingTest)
    {
        var outcome = ScanService.Recommended(DecisionOf(measure, entryAllowed, landingTest), HealthCode.Red);

        Assert.Equal(measure == Measure.MedicalReferral ? ScanOutcome.ReferredToClinic : ScanOutcome.TransferredToQuarantine, outcome);
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void A_yellow_code_is_never_released_and_otherwise_keeps_the_decisions_action(Measure measure, bool entryAllowed, bool landingTest)
    {
        var decision = DecisionOf(measure, entryAllowed, landingTest);
        var byDecision = ScanService.Recommended(decision);

        var outcome = ScanService.Recommended(decision, HealthCode.Yellow);

        Assert.Equal(byDecision == ScanOutcome.Released ? ScanOutcome.LandingTestTaken : byDecision, outcome);
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void A_green_code_changes_nothing(Measure measure, bool entryAllowed, bool landingTest)
    {
        var decision = DecisionOf(measure, entryAllowed, landingTest);

        Assert.Equal(ScanService.Recommended(decision), ScanService.Recommended(decision, HealthCode.Green));
    }
}
