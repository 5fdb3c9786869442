namespace EntryControl.Rules.Tests.Support;

/// <summary>
/// Decisions compared as the readable text <see cref="PolicyCases"/> writes for an upload's failing case, so a
/// failing test shows the whole difference the way an admin sees it.
/// </summary>
internal static class DecisionAssert
{
    public static void Equal(ExpectedDecision expected, Decision actual)
    {
        Assert.Equal(
            PolicyCases.Describe(expected.Measure, expected.EntryAllowed, expected.LandingTest, expected.Phases, expected.Clauses),
            PolicyCases.Describe(actual.Measure, actual.EntryAllowed, actual.LandingTest, actual.Phases, actual.Clauses));
    }

    public static void PhasesEqual(IEnumerable<Phase> expected, Decision actual) =>
        Assert.Equal(PolicyCases.Describe([.. expected]), PolicyCases.Describe(actual.Phases));

    public static string Describe(IReadOnlyList<Phase> phases) => PolicyCases.Describe(phases);
}
