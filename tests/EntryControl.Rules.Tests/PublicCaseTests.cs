using EntryControl.Rules.Tests.Support;

namespace EntryControl.Rules.Tests;

/// <summary>Every worked case of the spec, through policy selection and the pure engine.</summary>
public class PublicCaseTests
{
    public static TheoryData<string> Names => [.. PublicCases.Cases.Select(c => c.Name)];

    [Fact]
    public void The_public_cases_are_all_there() => Assert.Equal(25, PublicCases.Cases.Count);

    [Theory]
    [MemberData(nameof(Names))]
    public void Public_case_holds(string name)
    {
        PublicCases.CaseDto example = PublicCases.Named(name);
        Trip trip = example.Trip;
        Policy? policy = Shipped.Catalog.Select(trip.Destination, ChinaTime.LocalDate(trip.ArrivalAt));

        if (example.Expected.Status == 422)
        {
            Assert.Null(policy);
            return;
        }

        Assert.Equal(200, example.Expected.Status);
        PublicCases.BodyDto body = example.Expected.Body!;
        Assert.NotNull(policy);
        Decision decision = PolicyEvaluator.Evaluate(trip, new DesignationIndex(example.Designations), policy);

        Assert.Equal(body.Policy.Id, decision.Policy.Id);
        Assert.Equal(body.Policy.Jurisdiction, decision.Policy.Jurisdiction);
        Assert.Equal(body.Policy.EffectiveFrom, decision.Policy.EffectiveFrom);
        // A case that does not say whether a phase is advisory (policies.md: clause 五's is) does not check it.
        Decision compared = decision with
        {
            Phases = [.. decision.Phases.Select((p, i) => i < body.Phases.Count && body.Phases[i].Advisory is null ? p with { Advisory = false } : p)],
        };
        DecisionAssert.Equal(body.Decision, compared);

        // One explanation per fired rule, together covering exactly the listed clauses.
        Assert.Equal(
            decision.Clauses.Order(),
            decision.Explanations.SelectMany(e => e.Clause.Split('、')).Distinct().Order());
    }
}
