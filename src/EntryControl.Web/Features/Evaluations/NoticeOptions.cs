using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>How decisions speak of the notice they rest on (section <c>Notices</c>).</summary>
public sealed class NoticeOptions
{
    public const string Section = "Notices";

    /// <summary>A notice in force for longer than this is flagged: a newer one may apply at the destination.</summary>
    [Range(1, 3650)]
    public int StaleAfterDays { get; set; } = 180;

    /// <summary>Whether a notice that took effect on <paramref name="effectiveFrom"/> is old on <paramref name="today"/>.</summary>
    public bool IsStale(DateOnly effectiveFrom, DateOnly today) => today.DayNumber - effectiveFrom.DayNumber > StaleAfterDays;
}
