using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Declarations;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.FollowUps;

/// <summary>A stretch of a decision someone is under (free movement is not followed).</summary>
public sealed record PlannedPhase(Measure Measure, DateOnly Start, DateOnly End, bool Advisory = false);

/// <summary>A test the community must see taken, with the phase it belongs to.</summary>
public sealed record PlannedTest(DateOnly Date, TestKind Kind, Measure Measure, DateOnly PhaseEnd, bool Advisory = false);

/// <summary>
/// Keeps a declaration's follow-up tests and measure phases in step with its latest decision (declared, amended,
/// re-decided at the checkpoint, or cancelled), so the community's lists are plain queries.
/// </summary>
public sealed class FollowUpPlanner(EntryControlDbContext db) : IDecisionObserver
{
    /// <summary>Phases whose tests the community takes (quarantine sites and clinics take their own).</summary>
    private static bool CommunityTakesTests(Measure measure) =>
        measure is Measure.HealthMonitoring or Measure.ThreeDayTwoTests or Measure.HomeHealthMonitoring or Measure.HomeIsolation;

    /// <summary>What a decision asks the community to follow (nothing for null: a cancelled declaration).</summary>
    public static (IReadOnlyList<PlannedPhase> Phases, IReadOnlyList<PlannedTest> Tests) Plan(Decision? decision)
    {
        var phases = decision is null ? [] : decision.Phases.Where(p => p.Measure != Measure.FreeMovement).ToList();
        var tests = phases.Where(p => CommunityTakesTests(p.Measure))
            .SelectMany(p => p.Tests.Select(test => new PlannedTest(test.Date, test.Kind, p.Measure, p.End, p.Advisory)))
            .ToList();
        return (phases.ConvertAll(p => new PlannedPhase(p.Measure, p.Start, p.End, p.Advisory)), tests);
    }

    public Task DecisionChangedAsync(DecisionChange change, CancellationToken cancellationToken) =>
        !change.IsNew && change.Previous is { } previous && change.Decision is { } decision && SamePlan(previous, decision)
            // The rows follow the previous decision, whose plan is this one: nothing to read, nothing to write.
            ? Task.CompletedTask
            : PlanAsync(change.DeclarationId, change.CommunityCode, change.Decision, change.IsNew, cancellationToken);

    /// <summary>Whether two decisions ask the community to follow the same phases and tests (dates, kinds, measures).</summary>
    public static bool SamePlan(Decision a, Decision b)
    {
        var (phasesA, testsA) = Plan(a);
        var (phasesB, testsB) = Plan(b);
        return phasesA.SequenceEqual(phasesB) && testsA.SequenceEqual(testsB);
    }

    /// <summary>
    /// Brings a declaration's follow-up in step with <paramref name="decision"/> (null: cancelled, nothing to follow),
    /// in <paramref name="communityCode"/>. Tests already recorded stay; rows that do not change are not written. The
    /// caller saves.
    /// </summary>
    public async Task PlanAsync(Guid declarationId, string? communityCode, Decision? decision, bool isNew, CancellationToken cancellationToken)
    {
        // A transit driver (途经, no community) is followed up by nobody: nothing is planned.
        decision = communityCode is null ? null : decision;
        var tests = isNew ? [] : await db.FollowUpTests.Where(f => f.DeclarationId == declarationId).ToListAsync(cancellationToken);
        var phases = isNew ? [] : await db.MeasurePhases.Where(p => p.DeclarationId == declarationId).ToListAsync(cancellationToken);
        var (plannedPhases, plannedTests) = Plan(decision);

        var stale = phases.ToList();
        foreach (var phase in plannedPhases)
        {
            var same = stale.Find(p => p.Measure == phase.Measure && p.Start == phase.Start && p.End == phase.End && p.CommunityCode == communityCode && p.Advisory == phase.Advisory);
            if (same is not null)
            {
                stale.Remove(same);
                continue;
            }

            db.MeasurePhases.Add(new MeasurePhase
            {
                Id = Guid.CreateVersion7(),
                DeclarationId = declarationId,
                CommunityCode = communityCode!,
                Measure = phase.Measure,
                Start = phase.Start,
                End = phase.End,
                Advisory = phase.Advisory,
            });
        }

        db.MeasurePhases.RemoveRange(stale);

        var pending = tests.Where(f => f.SampledAt is null).ToDictionary(f => (f.Date, f.Kind));
        var recorded = tests.Where(f => f.SampledAt is not null).Select(f => (f.Date, f.Kind)).ToHashSet();
        foreach (var test in plannedTests)
        {
            if (recorded.Contains((test.Date, test.Kind)))
            {
                continue;
            }

            if (pending.Remove((test.Date, test.Kind), out var kept))
            {
                // Assigning equal values leaves the row unchanged: EF writes only what differs.
                kept.Measure = test.Measure;
                kept.PhaseEnd = test.PhaseEnd;
                kept.CommunityCode = communityCode!;
                kept.Advisory = test.Advisory;
                continue;
            }

            db.FollowUpTests.Add(new FollowUpTest
            {
                Id = Guid.CreateVersion7(),
                DeclarationId = declarationId,
                CommunityCode = communityCode!,
                Date = test.Date,
                Kind = test.Kind,
                Measure = test.Measure,
                PhaseEnd = test.PhaseEnd,
                Advisory = test.Advisory,
            });
        }

        db.FollowUpTests.RemoveRange(pending.Values);
    }
}
