using EntryControl.Rules;

namespace EntryControl.Web.Features.Declarations;

/// <summary>Where a traveler stands in their measure on a day.</summary>
public enum ProgressState
{
    /// <summary>The arrival day has not come and no checkpoint has scanned the traveler.</summary>
    NotArrived,

    /// <summary>Arrived, and the decision asks for nothing (free movement, or a cancelled declaration).</summary>
    NoMeasure,

    /// <summary>A phase of the measure runs on the day (or, in a gap between phases, the next one is to come).</summary>
    UnderMeasure,

    /// <summary>The last phase is over and the community has not released (解除) the traveler yet.</summary>
    AwaitingRelease,

    /// <summary>解除: the community released the traveler.</summary>
    Released,
}

/// <summary>A phase of a measure for the progress computation: its measure and first and last day (inclusive).</summary>
public sealed record PhaseSpan(Measure Measure, DateOnly Start, DateOnly End);

/// <summary>
/// A traveler's progress on a day (api.md, Measure lifecycle): <see cref="Day"/> of <see cref="Of"/> counts the current
/// phase's days, day 1 being its first day (policies.md §1).
/// </summary>
public sealed record MeasureProgress(ProgressState State, Measure? Measure = null, int? Day = null, int? Of = null, DateTimeOffset? ReleasedAt = null)
{
    /// <summary>
    /// The one computation of progress. <paramref name="phases"/> are the phases the traveler is followed under (free
    /// movement left out); <paramref name="arrived"/> is whether the traveler has arrived by <paramref name="day"/>.
    /// A measure with no required tests (e.g. health monitoring) is still awaiting release once its last phase is over:
    /// release is always a deliberate act of the community, it simply has nothing to check but the dates.
    /// </summary>
    public static MeasureProgress On(DateOnly day, bool arrived, IReadOnlyCollection<PhaseSpan> phases, DateTimeOffset? releasedAt)
    {
        var ordered = phases.Where(p => p.Measure != Rules.Measure.FreeMovement).OrderBy(p => p.Start).ToList();
        if (releasedAt is not null)
        {
            return new MeasureProgress(ProgressState.Released, ordered.Count == 0 ? null : ordered[^1].Measure, ReleasedAt: releasedAt);
        }

        if (!arrived)
        {
            return new MeasureProgress(ProgressState.NotArrived);
        }

        if (ordered.Count == 0)
        {
            return new MeasureProgress(ProgressState.NoMeasure);
        }

        if (ordered.Find(p => p.Start <= day && day <= p.End) is { } current)
        {
            return new MeasureProgress(ProgressState.UnderMeasure, current.Measure, day.DayNumber - current.Start.DayNumber + 1, current.End.DayNumber - current.Start.DayNumber + 1);
        }

        if (day > ordered.Max(p => p.End))
        {
            return new MeasureProgress(ProgressState.AwaitingRelease, ordered[^1].Measure);
        }

        // Before the first phase or between two: the next phase is what the traveler is waiting for.
        return new MeasureProgress(ProgressState.UnderMeasure, ordered.First(p => p.Start > day).Measure);
    }

    /// <summary>Arrived by the end of <paramref name="day"/>: scanned at a checkpoint, or the declared arrival day has come.</summary>
    public static bool HasArrived(DateOnly day, DateTimeOffset arrivalAt, DateTimeOffset? firstScannedAt) =>
        firstScannedAt is not null || ChinaTime.LocalDate(arrivalAt) <= day;
}

/// <summary>
/// Implemented by the feature that records releases (解除, the follow-up feature), so a declaration's view can show
/// its progress without the declarations feature depending on it.
/// </summary>
public interface IReleaseRegistry
{
    Task<DateTimeOffset?> ReleasedAtAsync(Guid declarationId, CancellationToken cancellationToken);
}
