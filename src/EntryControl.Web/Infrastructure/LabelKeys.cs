namespace EntryControl.Web.Infrastructure;

/// <summary>Resource keys for enum values, named as the API spells them: <c>Measure.homeIsolation</c>, <c>Test.nat</c>.</summary>
public static class LabelKeys
{
    public static string Camel(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string Measure(Rules.Measure measure) => "Measure." + Camel(measure);

    public static string Test(Rules.TestKind kind) => "Test." + Camel(kind);
}
