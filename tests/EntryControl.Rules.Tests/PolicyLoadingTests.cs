using EntryControl.Rules.Tests.Support;

namespace EntryControl.Rules.Tests;

/// <summary>Loading checks every file and refuses what it cannot apply, listing every problem.</summary>
public class PolicyLoadingTests
{
    [Fact]
    public void Two_versions_whose_effective_ranges_share_a_day_are_refused()
    {
        PolicyLoadException refused = TestPolicies.Refused(
            TestPolicies.Source("notice", version: 1, from: "2020-01-01", to: "2021-01-01"),
            TestPolicies.Source("notice", version: 2, from: "2021-01-01"));

        string problem = Assert.Single(refused.Problems);
        Assert.Contains("versions 1", problem, StringComparison.Ordinal);
        Assert.Contains("2021-01-01", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_ended_version_overlaps_every_later_one()
    {
        PolicyLoadException refused = TestPolicies.Refused(
            TestPolicies.Source("notice", version: 1, from: "2020-01-01"),
            TestPolicies.Source("notice", version: 2, from: "2024-01-01", to: "2024-02-01"));

        Assert.Single(refused.Problems);
    }

    [Fact]
    public void Versions_that_follow_each_other_are_accepted() =>
        Assert.Equal(2, PolicyCatalog.Load(
        [
            TestPolicies.Source("notice", version: 1, from: "2020-01-01", to: "2020-12-31"),
            TestPolicies.Source("notice", version: 2, from: "2021-01-01"),
        ]).Policies.Count);

    [Fact]
    public void A_correction_from_the_same_first_day_supersedes_the_first_version_whole()
    {
        PolicyCatalog catalog = PolicyCatalog.Load(
        [
            TestPolicies.Source("notice", version: 1, from: "2020-01-01", status: "superseded"),
            TestPolicies.Source("notice", version: 2, from: "2020-01-01"),
        ]);

        Assert.Equal(2, catalog.Select("150102", new DateOnly(2020, 6, 1))!.Version);
        Assert.Equal(2, catalog.Find("notice")!.Version);
        Assert.True(catalog.Find("notice", 1)!.Superseded);
    }

    [Fact]
    public void A_superseded_version_needs_a_later_published_one()
    {
        PolicyLoadException refused = TestPolicies.Refused(
            TestPolicies.Source("notice", version: 1, from: "2020-01-01", to: "2020-12-31"),
            TestPolicies.Source("notice", version: 2, from: "2021-01-01", status: "superseded"));

        Assert.Contains("no later version of it is published", Assert.Single(refused.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_status_is_refused() =>
        Assert.Contains("'draft' is not 'published' or 'superseded'", Assert.Single(TestPolicies.Refused(TestPolicies.Source("notice", status: "draft")).Problems), StringComparison.Ordinal);

    [Fact]
    public void The_same_version_twice_is_refused() =>
        Assert.Single(TestPolicies.Refused(TestPolicies.Source("notice", from: "2020-01-01", to: "2020-01-31"), TestPolicies.Source("notice", from: "2021-01-01")).Problems);

    [Fact]
    public void Unknown_rule_kind_is_refused()
    {
        PolicyLoadException refused = TestPolicies.Refused(TestPolicies.Source("notice", rules: """[{ "group": "general", "clauses": ["一"], "kind": "lottery" }]"""));

        Assert.Contains(refused.Problems, p => p.Contains("rules[0].kind", StringComparison.Ordinal) && p.Contains("riskLevel", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_parent_is_refused()
    {
        PolicyLoadException refused = TestPolicies.Refused(TestPolicies.Source("child", parent: "nobody"));

        Assert.Contains("'nobody'", Assert.Single(refused.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_cycle_and_a_child_outside_its_parent_are_refused()
    {
        PolicyLoadException refused = TestPolicies.Refused(
            TestPolicies.Source("a", jurisdiction: "150800", parent: "b"),
            TestPolicies.Source("b", jurisdiction: "150800", parent: "a"),
            TestPolicies.Source("c", jurisdiction: "110000", parent: "a"));

        Assert.Contains(refused.Problems, p => p.StartsWith("a.v1.json", StringComparison.Ordinal) && p.Contains("extends itself", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("c.v1.json", StringComparison.Ordinal) && p.Contains("outside its parent", StringComparison.Ordinal));
    }

    [Fact]
    public void Clause_referenced_but_not_defined_is_refused()
    {
        PolicyLoadException refused = TestPolicies.Refused(TestPolicies.Source("notice", rules: """[{ "group": "general", "clauses": ["九"], "kind": "default" }]"""));

        Assert.Contains("clause 九 is referenced but not defined", Assert.Single(refused.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2020-13-01", null, "effectiveFrom")]
    [InlineData("2020-02-30", null, "effectiveFrom")]
    [InlineData("2020/01/01", null, "effectiveFrom")]
    [InlineData("2021-01-01", "2020-12-31", "effectiveTo")]
    public void Bad_dates_are_refused(string from, string? to, string field) =>
        Assert.Contains(TestPolicies.Refused(TestPolicies.Source("notice", from: from, to: to)).Problems, p => p.Contains($": {field}: ", StringComparison.Ordinal));

    [Fact]
    public void Every_problem_of_every_file_is_listed_at_once()
    {
        const string rules = """
            [{ "group": "travel", "clauses": ["一"], "kind": "default" },
             { "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "closedLoopHighRisk", "prefixes": ["65"],
               "phases": [{ "measure": "homeIsolation", "days": 3, "natDays": [4], "natday": [1] }] }]
            """;

        PolicyLoadException refused = TestPolicies.Refused(
            TestPolicies.Source("first", jurisdiction: "15080", rules: rules),
            new PolicySource("broken.json", "{ not json"));

        Assert.Equal(
            [
                "first.v1.json: jurisdiction: '15080' is not a 6-digit region code",
                "first.v1.json: rules[0].group: 'travel' is not a rule group (abroad, riskArea, keyRegion, general, occupation, freight)",
                "first.v1.json: rules[1].prefixes: is a parameter of regionPrefix rules, not of occupation rules",
                "first.v1.json: rules[1].phases[0].natday: is not a known field here",
                "first.v1.json: rules[1].phases[0].natDays: test days must lie within the phase's 3 days",
            ],
            refused.Problems.Where(p => p.StartsWith("first", StringComparison.Ordinal)));
        Assert.Contains(refused.Problems, p => p.StartsWith("broken.json: is not valid JSON", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""[{ "group": "riskArea", "clauses": ["一"], "kind": "riskLevel", "levels": [] }]""", "at least one level")]
    [InlineData("""[{ "group": "riskArea", "clauses": ["一"], "kind": "riskLevel", "levels": ["severe"] }]""", "levels[0]")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "default", "certificateHours": 48 }]""", "go together")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "closedLoopHighRisk", "phases": [{ "measure": "homeIsolation", "untilDaysAfterLeaving": 14 }] }]""", "know when the traveler left")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "none" }]""", "other than 'none'")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "closedLoopHighRisk", "phases": [{ "measure": "freeMovement", "days": 2 }] }]""", "not a measure a phase can have")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "occupation", "occupation": "closedLoopHighRisk", "phases": [{ "measure": "homeIsolation" }] }]""", "exactly one of 'days' or 'untilDaysAfterLeaving'")]
    [InlineData("""[{ "group": "abroad", "clauses": ["一"], "kind": "abroad", "centralized": { "days": 5 } }]""", "both 'centralized' and 'home'")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "staysOutside", "outside": "county" }]""", "city, province")]
    [InlineData("""[{ "group": "general", "clauses": ["一"], "kind": "staysOutside", "outside": "city", "unlessGroupsFired": ["elsewhere"] }]""", "'elsewhere' is not a rule group")]
    public void Rules_that_cannot_be_applied_are_refused(string rules, string message) =>
        Assert.Contains(TestPolicies.Refused(TestPolicies.Source("notice", rules: rules)).Problems, p => p.Contains(message, StringComparison.Ordinal));

    [Fact]
    public void Clause_numbers_must_be_chinese_numerals_defined_once()
    {
        PolicyLoadException refused = TestPolicies.Refused(TestPolicies.Source(
            "notice",
            clauses: """[{ "number": "1", "text": "x", "summary": "x" }, { "number": "一", "text": "x", "summary": "x" }, { "number": "一", "text": "y", "summary": "y" }]"""));

        Assert.Contains(refused.Problems, p => p.Contains("'1' is not a clause number", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.Contains("clause 一 is defined more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_file_cases_are_checked_too()
    {
        string json = TestPolicies.Source("notice").Json.TrimEnd().TrimEnd('}') + """
            , "cases": [{ "name": "bad", "request": { "destination": "150102", "arrivalAt": "2020-08-01T12:00:00" },
                          "expected": { "measure": "homeIsolation", "entryAllowed": true, "landingTest": false, "phases": [], "clauses": [] } }] }
            """;

        PolicyLoadException refused = TestPolicies.Refused(new PolicySource("notice.json", json));

        Assert.Contains("cases[0].request.arrivalAt: must be an ISO 8601 instant with an offset", Assert.Single(refused.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("一", 1)]
    [InlineData("九", 9)]
    [InlineData("十", 10)]
    [InlineData("十四", 14)]
    [InlineData("二十", 20)]
    [InlineData("二十三", 23)]
    [InlineData("一十", 0)]
    [InlineData("十十", 0)]
    [InlineData("", 0)]
    [InlineData("4", 0)]
    public void Clause_numbers_are_read_as_chinese_numerals(string number, int value) =>
        Assert.Equal(value, ChineseNumerals.Parse(number));
}
