using EntryControl.Rules;
using EntryControl.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.CodeAssignments;

/// <summary>
/// The <c>CodeColours</c> settings: the health-code colour (赋码) each measure gives while its phase runs, keyed by the
/// measure's API name, <c>red</c>, <c>yellow</c> or <c>none</c>. A setting replaces the default of its measure only,
/// e.g. <c>CodeColours:homeHealthMonitoring=red</c>; measures not listed give no colour.
/// </summary>
public sealed class CodeColourOptions
{
    public const string Section = "CodeColours";

    public const string NoColour = "none";

    /// <summary>Filled with the defaults; configuration adds to it or overrides a measure.</summary>
    public Dictionary<string, string> Measures { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [ApiNames.Name(Measure.CentralizedQuarantine)] = ApiNames.Name(HealthCode.Red),
        [ApiNames.Name(Measure.HomeIsolation)] = ApiNames.Name(HealthCode.Red),
        [ApiNames.Name(Measure.HomeHealthMonitoring)] = ApiNames.Name(HealthCode.Yellow),
        [ApiNames.Name(Measure.HealthMonitoring)] = ApiNames.Name(HealthCode.Yellow),
        [ApiNames.Name(Measure.ThreeDayTwoTests)] = ApiNames.Name(HealthCode.Yellow),
    };

    /// <summary>The colour a phase of <paramref name="measure"/> gives, or null for none.</summary>
    public HealthCode? ColourOf(Measure measure) =>
        Measures.TryGetValue(ApiNames.Name(measure), out var colour) ? ApiNames.Parse<HealthCode>(colour) : null;

    /// <summary>The measures that give a colour, for a query's <c>IN</c> list.</summary>
    public IReadOnlyList<Measure> Coloured() => [.. Enum.GetValues<Measure>().Where(m => ColourOf(m) is not null)];
}

/// <summary>Names the setting at fault: an unknown measure, or a colour other than red, yellow or none.</summary>
public sealed class CodeColourOptionsValidator : IValidateOptions<CodeColourOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeColourOptions options)
    {
        var failures = new List<string>();
        foreach (var (measure, colour) in options.Measures)
        {
            if (!ApiNames.IsDefined<Measure>(measure))
            {
                failures.Add($"{CodeColourOptions.Section}:{nameof(CodeColourOptions.Measures)}:{measure} is not a measure; measures are {string.Join(", ", ApiNames.NamesOf<Measure>())}.");
            }

            if (colour.Trim() is not ("red" or "yellow" or CodeColourOptions.NoColour))
            {
                failures.Add($"{CodeColourOptions.Section}:{nameof(CodeColourOptions.Measures)}:{measure} must be red, yellow or none, not '{colour}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
