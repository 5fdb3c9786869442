using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Transit;

/// <summary>The <c>Transit</c> settings.</summary>
public sealed class TransitOptions
{
    public const string Section = "Transit";

    /// <summary>
    /// 途经 a transit driver not recorded leaving within this many hours of the entry scan is listed for the command
    /// center (seed 001 九: "在市域内不得随意停靠").
    /// </summary>
    [Range(1, 720, ErrorMessage = "Transit:MaxHours must be between {1} and {2}.")]
    public int MaxHours { get; set; } = 24;
}
