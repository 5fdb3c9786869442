using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>The <c>RiskAreas</c> settings.</summary>
public sealed class RiskAreaOptions
{
    public const string Section = "RiskAreas";

    /// <summary>
    /// The registry snapshot is rebuilt at least this often, in case another instance wrote (writes through this one
    /// apply at once); 0 rebuilds it for every evaluation.
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = "RiskAreas:RefreshSeconds must be at least {1}.")]
    public int RefreshSeconds { get; set; } = 30;
}
