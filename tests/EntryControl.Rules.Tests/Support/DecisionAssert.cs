using System.Text;

namespace EntryControl.Rules.Tests.Support;

internal static class DecisionAssert
{
    /// <summary>Phases, their tests and the clauses, compared as readable text so a failure shows the whole difference.</summary>
    public static void Equal(ExpectedDecision expected, Decision actual)
    {
        Assert.Equal(
            Describe(expected.Measure, expected.EntryAllowed, expected.LandingTest, expected.Phases, expected.Clauses),
            Describe(actual.Measure, actual.EntryAllowed, actual.LandingTest, actual.Phases, actual.Clauses));
    }

    public static void PhasesEqual(IEnumerable<Phase> expected, Decision actual) =>
        Assert.Equal(Describe([.. expected]), Describe(actual.Phases));

    public static string Describe(Measure measure, bool entryAllowed, bool landingTest, IReadOnlyList<Phase> phases, IReadOnlyList<string> clauses) =>
        $"measure={measure} entryAllowed={entryAllowed} landingTest={landingTest} clauses=[{string.Join(",", clauses)}]\n{Describe(phases)}";

    public static string Describe(IReadOnlyList<Phase> phases)
    {
        var text = new StringBuilder();
        foreach (Phase phase in phases)
        {
            text.Append(FormattableString.Invariant($"{phase.Measure}{(phase.Advisory ? " (advisory)" : string.Empty)} {phase.Start:yyyy-MM-dd}..{phase.End:yyyy-MM-dd} tests:"));
            foreach (ScheduledTest test in phase.Tests)
            {
                text.Append(FormattableString.Invariant($" {test.Date:MM-dd}/{test.Kind}"));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
