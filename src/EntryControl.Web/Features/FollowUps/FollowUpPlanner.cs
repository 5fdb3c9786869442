using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Declarations;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.FollowUps;

/// <summary>
/// Keeps a declaration's follow-up tests and measure phases in step with its latest decision (declared, amended,
/// re-decided at the checkpoint, or cancelled), so the community's lists are plain queries.
/// </summary>
public sealed class FollowUpPlanner(EntryControlDbContext db)
{
    /// <summary>Phases whose tests the community takes (quarantine sites and clinics take their own).</summary>
    private static bool CommunityTakesTests(Measure measure) =>
        measure is Measure.HealthMonitoring or Measure.ThreeDayTwoTests or Measure.HomeHealthMonitoring or Measure.HomeIsolation;

    /// <summary>
    /// Brings the declaration's follow-up in step with <paramref name="decision"/> (null: cancelled, nothing to follow).
    /// Tests already recorded stay; the caller saves.
    /// </summary>
    public async Task PlanAsync(Declaration declaration, Decision? decision, bool isNew, CancellationToken cancellationToken)
    {
        var tests = isNew ? [] : await db.FollowUpTests.Where(f => f.DeclarationId == declaration.Id).ToListAsync(cancellationToken);
        var phases = isNew ? [] : await db.MeasurePhases.Where(p => p.DeclarationId == declaration.Id).ToListAsync(cancellationToken);
        db.MeasurePhases.RemoveRange(phases);

        var planned = decision is null ? [] : decision.Phases.Where(p => p.Measure != Measure.FreeMovement).ToList();
        foreach (var phase in planned)
        {
            db.MeasurePhases.Add(new MeasurePhase
            {
                Id = Guid.CreateVersion7(),
                DeclarationId = declaration.Id,
                CommunityCode = declaration.CommunityCode,
                Measure = phase.Measure,
                Start = phase.Start,
                End = phase.End,
            });
        }

        var wanted = planned.Where(p => CommunityTakesTests(p.Measure))
            .SelectMany(p => p.Tests.Select(test => (test.Date, test.Kind, p.Measure, p.End)))
            .ToList();
        var pending = tests.Where(f => f.SampledAt is null).ToDictionary(f => (f.Date, f.Kind));
        var recorded = tests.Where(f => f.SampledAt is not null).Select(f => (f.Date, f.Kind)).ToHashSet();
        foreach (var (date, kind, measure, end) in wanted)
        {
            if (recorded.Contains((date, kind)))
            {
                continue;
            }

            if (pending.Remove((date, kind), out var kept))
            {
                kept.Measure = measure;
                kept.PhaseEnd = end;
                kept.CommunityCode = declaration.CommunityCode;
                continue;
            }

            db.FollowUpTests.Add(new FollowUpTest
            {
                Id = Guid.CreateVersion7(),
                DeclarationId = declaration.Id,
                CommunityCode = declaration.CommunityCode,
                Date = date,
                Kind = kind,
                Measure = measure,
                PhaseEnd = end,
            });
        }

        db.FollowUpTests.RemoveRange(pending.Values);
    }
}
