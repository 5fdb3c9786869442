namespace EntryControl.Rules.Tests.Support;

/// <summary>Small policy files written inline, for loading and combining tests.</summary>
internal static class TestPolicies
{
    public const string TwoClauses = """[{ "number": "一", "text": "第一条", "summary": "one" }, { "number": "二", "text": "第二条", "summary": "two" }]""";

    public const string DefaultOnly = """[{ "group": "general", "clauses": ["一"], "kind": "default" }]""";

    public static PolicySource Source(
        string id,
        int version = 1,
        string jurisdiction = "150000",
        string from = "2020-01-01",
        string? to = null,
        string? parent = null,
        string clauses = TwoClauses,
        string rules = DefaultOnly,
        string lookBack = """{ "days": 7 }""",
        string status = "published") =>
        new($"{id}.v{version}.json", $$"""
            {
              "id": "{{id}}",
              "version": {{version}},
              "status": "{{status}}",
              "title": "测试通知 {{id}}",
              "jurisdiction": "{{jurisdiction}}",
              "effectiveFrom": "{{from}}",
              "effectiveTo": {{Quoted(to)}},
              "parent": {{Quoted(parent)}},
              "lookBack": {{lookBack}},
              "clauses": {{clauses}},
              "rules": {{rules}}
            }
            """);

    public static PolicyLoadException Refused(params PolicySource[] sources) =>
        Assert.Throws<PolicyLoadException>(() => PolicyCatalog.Load(sources));

    private static string Quoted(string? value) => value is null ? "null" : $"\"{value}\"";
}
