using EntryControl.Rules.Tests.Support;

namespace EntryControl.Rules.Tests;

/// <summary>Every shipped policy file carries its own cases; they must hold, and cover every rule.</summary>
public class PolicyFileCaseTests
{
    public static TheoryData<string, string> Cases =>
        [.. Shipped.Catalog.Policies.SelectMany(p => p.Cases.Select(c => ($"{p.Id}.v{p.Version}", c.Name)))];

    public static TheoryData<string> PolicyIds => [.. Shipped.Catalog.Policies.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Policy_file_case_holds(string policy, string name)
    {
        Policy owner = Shipped.Catalog.Policies.Single(p => $"{p.Id}.v{p.Version}" == policy);
        PolicyCase example = owner.Cases.Single(c => c.Name == name);

        // A file's cases are about that file: the destination and date must select it (or, for a superseded
        // version, the version that replaced it).
        Policy? selected = Shipped.Catalog.Select(example.Request.Destination, ChinaTime.LocalDate(example.Request.ArrivalAt));
        Assert.Same(owner.Superseded ? Shipped.Catalog.Find(owner.Id) : owner, selected);

        Decision decision = PolicyEvaluator.Evaluate(example.Request, new DesignationIndex(example.RiskAreas), owner);
        DecisionAssert.Equal(example.Expected, decision);
    }

    [Theory]
    [MemberData(nameof(PolicyIds))]
    public void Every_rule_of_a_policy_file_fires_in_one_of_its_cases(string id)
    {
        Policy policy = Shipped.Policy(id);
        var firedInCases = policy.Cases.SelectMany(c => c.Expected.Clauses).ToHashSet();

        Assert.All(policy.Rules, rule => Assert.Contains(rule.Clauses[0], firedInCases));
        Assert.True(policy.Cases.Count >= policy.Rules.Count, "a policy file needs at least one case per rule");
    }
}
