using System.Security.Claims;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.FollowUps;

/// <summary>The body of <c>POST /api/v1/declarations/{id}/release</c> (api.md).</summary>
public sealed record ReleaseRequest(string? Note, bool Override = false, string? Reason = null);

public sealed record Released(Guid DeclarationId, DateTimeOffset ReleasedAt, bool Override);

/// <summary>Why a traveler cannot be released yet (without an override).</summary>
public enum ReleaseBlocker
{
    /// <summary>Today (China time) is on or before the last phase's last day.</summary>
    PhaseNotOver,

    /// <summary>A required test has not been taken, or its result is not in yet.</summary>
    TestMissing,

    /// <summary>A required test is positive.</summary>
    TestNotNegative,
}

/// <summary>One test on a release notice: the day it was due, its kind, when sampled, the result, the landing tube.</summary>
public sealed record NoticeTest(DateOnly Date, TestKind Kind, DateTimeOffset? SampledAt, TestResult? Result, string? TubeNumber);

/// <summary>解除告知书 what the traveler's printable release notice shows.</summary>
public sealed record ReleaseNotice(
    Guid DeclarationId,
    string Code,
    string Name,
    string IdNumber,
    Measure Measure,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<PhaseSpan> Phases,
    IReadOnlyList<NoticeTest> Tests,
    string Community,
    string CommunityName,
    DateTimeOffset ReleasedAt,
    bool Override,
    string VerificationCode);

/// <summary>
/// 解除: the traveler's community (or an admin) releases a traveler once every phase is over and every test the community
/// had to see taken is negative, or earlier with an override and a reason. Every release is written to the audit log.
/// </summary>
public sealed class ReleaseService(EntryControlDbContext db, AuditLog audit, IStringLocalizer<SharedResource> t, TimeProvider clock) : IReleaseRegistry
{
    public const int TextLength = 500;

    public Task<DateTimeOffset?> ReleasedAtAsync(Guid declarationId, CancellationToken cancellationToken) =>
        db.MeasureReleases.Where(r => r.DeclarationId == declarationId).Select(r => (DateTimeOffset?)r.ReleasedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>What stands in the way of releasing each declaration on <paramref name="day"/> (empty: releasable).</summary>
    public async Task<Dictionary<Guid, IReadOnlyList<ReleaseBlocker>>> BlockersAsync(IReadOnlyCollection<Guid> declarationIds, DateOnly day, CancellationToken cancellationToken)
    {
        var ends = await db.MeasurePhases.AsNoTracking().Where(p => declarationIds.Contains(p.DeclarationId))
            .GroupBy(p => p.DeclarationId).Select(g => new { g.Key, End = g.Max(p => p.End) })
            .ToDictionaryAsync(g => g.Key, g => g.End, cancellationToken);
        // An advised test (seed 001 五) is not required: its absence never holds a release back.
        var tests = await db.FollowUpTests.AsNoTracking().Where(f => declarationIds.Contains(f.DeclarationId) && !f.Advisory)
            .Select(f => new { f.DeclarationId, f.Result })
            .ToListAsync(cancellationToken);
        return declarationIds.ToDictionary(id => id, IReadOnlyList<ReleaseBlocker> (id) =>
        {
            var blockers = new List<ReleaseBlocker>();
            if (ends.TryGetValue(id, out var end) && day <= end)
            {
                blockers.Add(ReleaseBlocker.PhaseNotOver);
            }

            var own = tests.Where(f => f.DeclarationId == id).ToList();
            if (own.Any(f => f.Result is null))
            {
                blockers.Add(ReleaseBlocker.TestMissing);
            }

            if (own.Any(f => f.Result is { } result && result != TestResult.Negative))
            {
                blockers.Add(ReleaseBlocker.TestNotNegative);
            }

            return blockers;
        });
    }

    /// <summary>
    /// Releases a traveler: 404 unknown, 403 another community's, 409 nothing to release, already released, or a check
    /// failed without an override; an override needs a reason (400).
    /// </summary>
    public async Task<ServiceResult<Released>> ReleaseAsync(ClaimsPrincipal user, Guid declarationId, ReleaseRequest request, CancellationToken cancellationToken)
    {
        var note = Trimmed(request.Note);
        var reason = Trimmed(request.Reason);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Override && reason is null)
        {
            errors["reason"] = [t["Release.ReasonRequired"]];
        }

        if (note?.Length > TextLength)
        {
            errors["note"] = [t["Release.TooLong", TextLength]];
        }

        if (reason?.Length > TextLength)
        {
            errors["reason"] = [t["Release.TooLong", TextLength]];
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<Released>.Invalid(errors);
        }

        var declaration = await db.Declarations.AsNoTracking().Where(d => d.Id == declarationId)
            .Select(d => new { d.Id, d.CommunityCode, d.Status }).FirstOrDefaultAsync(cancellationToken);
        if (declaration is null)
        {
            return new ServiceResult<Released>.NotFound(t["Declaration.NotFound"]);
        }

        var userId = user.StaffId() ?? Guid.Empty;
        if (!user.IsInRole(Roles.Admin)
            && !await db.StaffCommunities.AnyAsync(c => c.UserId == userId && c.CommunityCode == declaration.CommunityCode, cancellationToken))
        {
            return new ServiceResult<Released>.Forbidden(t["FollowUp.NotYourCommunity"]);
        }

        if (await db.MeasureReleases.AnyAsync(r => r.DeclarationId == declarationId, cancellationToken))
        {
            return new ServiceResult<Released>.Conflict(t["Release.Already"]);
        }

        var phases = await db.MeasurePhases.AsNoTracking().Where(p => p.DeclarationId == declarationId).ToListAsync(cancellationToken);
        // A driver in transit (途经) has no community and no phases: nothing a community releases.
        if (declaration.Status != DeclarationStatus.Active || phases.Count == 0 || declaration.CommunityCode is null)
        {
            return new ServiceResult<Released>.Conflict(t["Release.NothingToRelease"]);
        }

        var now = clock.GetUtcNow();
        var today = ChinaTime.LocalDate(now);
        var blockers = (await BlockersAsync([declarationId], today, cancellationToken))[declarationId];
        if (blockers.Count > 0 && !request.Override)
        {
            return new ServiceResult<Released>.Conflict(string.Join(" ", blockers.Select(b => t["Release.Blocker." + LabelKeys.Camel(b)].Value)));
        }

        var release = new MeasureRelease
        {
            Id = Guid.CreateVersion7(),
            DeclarationId = declarationId,
            CommunityCode = declaration.CommunityCode,
            Measure = phases.Select(p => p.Measure).Max(),
            From = phases.Min(p => p.Start),
            To = phases.Max(p => p.End),
            ReleasedAt = now.ToUniversalTime(),
            VerificationCode = DeclarationCodes.New(),
            ReleasedBy = userId,
            Note = note,
            Override = blockers.Count > 0,
            // A reason given with an override that turned out not to be needed is kept all the same.
            Reason = reason,
        };
        db.MeasureReleases.Add(release);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Someone else released the traveler between the check above and this save.
            return new ServiceResult<Released>.Conflict(t["Release.Already"]);
        }

        var detail = release.Override
            ? $"{declarationId} override ({string.Join(",", blockers.Select(b => LabelKeys.Camel(b)))}): {reason}"
            : $"{declarationId}";
        await audit.WriteAsync(user, AuditAction.Release, "release", detail, 1, cancellationToken);
        return new Released(declarationId, release.ReleasedAt, release.Override);
    }

    /// <summary>The release notice of the declaration with <paramref name="code"/> (404 when it is not released).</summary>
    public Task<ServiceResult<ReleaseNotice>> NoticeAsync(string code, CancellationToken cancellationToken)
    {
        // As every code lookup: whatever the case and spacing it was typed in (the lower(code) index).
        return NoticeAsync(DeclarationCodes.Matches(code), release => true, cancellationToken);
    }

    /// <summary>The notice a QR code's verification code stands for (404 for a code no release has).</summary>
    public Task<ServiceResult<ReleaseNotice>> VerifyAsync(string verificationCode, CancellationToken cancellationToken) =>
        NoticeAsync(declaration => true, release => release.VerificationCode == verificationCode, cancellationToken);

    private async Task<ServiceResult<ReleaseNotice>> NoticeAsync(
        System.Linq.Expressions.Expression<Func<Declaration, bool>> declarationFilter,
        System.Linq.Expressions.Expression<Func<MeasureRelease, bool>> releaseFilter,
        CancellationToken cancellationToken)
    {
        var found = await (
            from stored in db.MeasureReleases.AsNoTracking().Where(releaseFilter)
            join declaration in db.Declarations.Where(declarationFilter) on stored.DeclarationId equals declaration.Id
            join community in db.Communities on stored.CommunityCode equals community.Code
            // One release per declaration; ordered all the same, so the row read is never left to chance.
            orderby stored.ReleasedAt, stored.Id
            select new { release = stored, declaration.Code, declaration.TravelerName, declaration.IdNumber, CommunityName = community.Name })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return new ServiceResult<ReleaseNotice>.NotFound(t["Release.NotReleased"]);
        }

        var id = found.release.DeclarationId;
        var phases = await db.MeasurePhases.AsNoTracking().Where(p => p.DeclarationId == id).OrderBy(p => p.Start)
            .Select(p => new PhaseSpan(p.Measure, p.Start, p.End)).ToListAsync(cancellationToken);
        var tests = await db.FollowUpTests.AsNoTracking().Where(f => f.DeclarationId == id).OrderBy(f => f.Date).ThenBy(f => f.Kind)
            .Select(f => new NoticeTest(f.Date, f.Kind, f.SampledAt, f.Result, f.TubeNumber)).ToListAsync(cancellationToken);
        var release = found.release;
        return new ReleaseNotice(id, found.Code, found.TravelerName, IdentityDocuments.Mask(found.IdNumber), release.Measure, release.From, release.To,
            phases, tests, release.CommunityCode, found.CommunityName, release.ReleasedAt, release.Override, release.VerificationCode);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
