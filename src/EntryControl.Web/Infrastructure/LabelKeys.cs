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

    /// <summary>
    /// The arguments of <c>Decision.Clause</c>: the clause as the notice numbers it ("一、三") and in digits ("1, 3"),
    /// so the English text can say "Clause 1 (一)" where a Chinese numeral alone would mean nothing to its reader.
    /// </summary>
    public static object[] Clause(string clause) =>
        [clause, string.Join(", ", clause.Split('、').Select(n => EntryControl.Rules.ChineseNumerals.Parse(n).ToString(System.Globalization.CultureInfo.InvariantCulture)))];
}
