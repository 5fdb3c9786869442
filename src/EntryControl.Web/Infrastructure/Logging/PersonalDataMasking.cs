using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace EntryControl.Web.Infrastructure.Logging;

/// <summary>
/// Last line of defence: any logged string property that contains a resident ID number or a mobile phone
/// number is rewritten with the digits masked, so a careless log call cannot leak them.
/// </summary>
internal sealed partial class PersonalDataMasking : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToArray())
        {
            if (value is ScalarValue { Value: string text } && (Sensitive().IsMatch(text) || DeclarationCode().IsMatch(text)))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(Mask(text))));
            }
        }
    }

    public static string Mask(string text) => DeclarationCode().Replace(Sensitive().Replace(text, match =>
        match.Value.Length > 7 ? string.Concat(match.Value.AsSpan(0, 3), new string('*', match.Value.Length - 7), match.Value.AsSpan(match.Value.Length - 4)) : "***"),
        "$1{code}");

    // A declaration code is the traveler's credential: request paths carry it (/d/{code}, /api/v1/declarations/{code}).
    [GeneratedRegex(@"(/d/|/declarations/)[A-Za-z0-9_-]{16,}")]
    private static partial Regex DeclarationCode();

    // 18-character resident IDs (last may be X) and 11-digit mainland mobile numbers.
    [GeneratedRegex(@"(?<![0-9])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9])")]
    private static partial Regex Sensitive();
}
