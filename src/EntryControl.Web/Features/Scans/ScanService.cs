using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Scans;

/// <summary>The answer to a scan: the declaration, the decision at the scan time, and the action it calls for.</summary>
public sealed record ScanResult(
    Guid ScanId,
    DeclarationView Declaration,
    EvaluationView Decision,
    RegistrationTiming Registration,
    ScanOutcome? RecommendedOutcome,
    Rules.HealthCode? HealthCode = null,
    bool? ItineraryStar = null,
    ScanDirection Direction = ScanDirection.Entry);

public sealed record OutcomeResult(Guid ScanId, ScanOutcome Outcome, string? SealNumber, DateTimeOffset OutcomeAt);

/// <summary>
/// A line of "today at this checkpoint": one traveler, as their latest scan there today left them (<c>Scans</c>: how
/// many times they were scanned). No ID number, no phone.
/// </summary>
public sealed record ScanLine(
    Guid ScanId,
    DateTimeOffset ScannedAt,
    string TravelerName,
    Rules.Measure Measure,
    bool EntryAllowed,
    bool LandingTest,
    ScanOutcome? Outcome,
    RegistrationTiming Registration,
    Rules.HealthCode? HealthCode = null,
    int Scans = 1);

public sealed record CheckpointDay(string Checkpoint, DateOnly Day, IReadOnlyList<ScanLine> Scans, IReadOnlyDictionary<string, int> CountsByOutcome)
{
    /// <summary>The checkpoint's name (G7 临河收费站), for the console's header.</summary>
    public string? CheckpointName { get; init; }
}

/// <summary>
/// 卡口查验: finds the declaration, decides again at the scan time with the temperature and any certificate shown on the
/// spot, and records the scan with that decision. Officers work only at their own checkpoint.
/// </summary>
public sealed class ScanService(
    EntryControlDbContext db,
    EvaluationService evaluations,
    DeclarationService declarations,
    AlertService alerts,
    FollowUpService followUps,
    AuditLog audit,
    OfficerCheckpoints officerCheckpoints,
    IValidator<ScanRequest> validator,
    IValidator<OutcomeRequest> outcomeValidator,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock,
    Infrastructure.Telemetry.PortalMetrics metrics)
{
    /// <summary>
    /// The action a decision calls for at the checkpoint: refuse, refer, transfer, landing test, or release; then the
    /// health code shown on the spot, which can only make it stricter. A red code (赋红码: a case, a close contact, or
    /// someone who should be isolating) is never let through, nor turned back onto the road: a fever or a positive
    /// certificate goes to the clinic first, anyone else is transferred closed-loop to quarantine. A yellow code (owing
    /// tests, under monitoring) is sampled on the spot (落地检) where the decision alone would have released them.
    /// </summary>
    public static ScanOutcome Recommended(Rules.Decision decision, Rules.HealthCode? healthCode = null)
    {
        var byDecision =
            !decision.EntryAllowed ? ScanOutcome.Refused
            : decision.Measure == Rules.Measure.MedicalReferral ? ScanOutcome.ReferredToClinic
            : decision.Phases.Count > 0 && decision.Phases[0].Measure == Rules.Measure.CentralizedQuarantine ? ScanOutcome.TransferredToQuarantine
            : decision.LandingTest ? ScanOutcome.LandingTestTaken
            : ScanOutcome.Released;
        return healthCode switch
        {
            Rules.HealthCode.Red => decision.Measure == Rules.Measure.MedicalReferral ? ScanOutcome.ReferredToClinic : ScanOutcome.TransferredToQuarantine,
            Rules.HealthCode.Yellow when byDecision == ScanOutcome.Released => ScanOutcome.LandingTestTaken,
            _ => byDecision,
        };
    }

    public async Task<ServiceResult<ScanResult>> ScanAsync(ScanRequest request, ClaimsPrincipal officer, Language language, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<ScanResult>(validation);
        }

        var now = clock.GetUtcNow();
        var scannedAt = IsoDates.TryParseInstant(request.ScannedAt, out var sent) ? sent : now;

        // One connection for the scan's four round trips instead of one from the pool (and a reset) for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var officerId = OfficerId(officer);
        var checkpoint = await CheckpointOfAsync(officer, cancellationToken);
        if (checkpoint is null || checkpoint != request.Checkpoint!.Trim())
        {
            return new ServiceResult<ScanResult>.Forbidden(t["Scan.OtherCheckpoint"]);
        }

        // Two tablets scanning the same traveler at once are taken one after the other: the declaration row is locked
        // until this scan is saved, so the second sees the first's follow-up plan instead of writing it again.
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var locked = await declarations.LockForScanAsync(request.Code?.Trim(), request.IdNumber, cancellationToken);
        if (locked is null)
        {
            return new ServiceResult<ScanResult>.NotFound(t["Scan.NotFound"]);
        }

        var declaration = locked.Declaration;

        if (declaration.Status == DeclarationStatus.Cancelled)
        {
            return new ServiceResult<ScanResult>.Conflict(t["Scan.Cancelled"]);
        }

        if (ApiNames.Parse<ScanDirection>(request.Direction) == ScanDirection.Exit)
        {
            return await ExitAsync(transaction, declaration, checkpoint, officerId, scannedAt, now, language, cancellationToken);
        }

        var trip = DeclarationService.TripOf(declaration);
        var shown = request.NucleicAcidTest;
        var atScan = (trip with { ArrivalAt = scannedAt.ToOffset(Rules.ChinaTime.Offset).ToString("O", System.Globalization.CultureInfo.InvariantCulture) })
            .ToEvaluation(declaration.Destination, preRegistered: DeclarationService.PreRegistered(declaration), temperature: request.TemperatureCelsius, shownOnTheSpot: shown)
            .ToTrip();
        if (await evaluations.EvaluateAsync(atScan, cancellationToken) is not ServiceResult<Evaluation>.Ok evaluated)
        {
            return new ServiceResult<ScanResult>.Unprocessable(t["Lookup.NoPolicy"]);
        }

        // With the decision it replaces: a follow-up whose phases stay as they were is not planned again.
        var record = await declarations.RecordDecisionAsync(declaration, DecisionOccasion.Scanned, evaluated.Value, scannedAt, cancellationToken, previous: locked.Latest);
        var decision = evaluated.Value.Decision;
        var healthCode = ApiNames.Parse<Rules.HealthCode>(request.HealthCode);
        var scan = new CheckpointScan
        {
            Id = Guid.CreateVersion7(),
            DeclarationId = declaration.Id,
            CheckpointCode = checkpoint,
            OfficerId = officerId,
            ScannedAt = scannedAt.ToUniversalTime(),
            RecordedAt = now.ToUniversalTime(),
            TemperatureCelsius = request.TemperatureCelsius,
            TemperatureNotMeasured = string.IsNullOrWhiteSpace(request.TemperatureNotMeasured) ? null : request.TemperatureNotMeasured.Trim(),
            CertificateSampledAt = shown is not null && IsoDates.TryParseInstant(shown.SampledAt, out var sampled) ? sampled.ToUniversalTime() : null,
            CertificateResult = shown is null ? null : ApiNames.Parse<Rules.TestResult>(shown.Result),
            HealthCode = healthCode,
            ItineraryStar = request.ItineraryStar,
            DecisionRecordId = record.Id,
            Measure = decision.Measure,
            EntryAllowed = decision.EntryAllowed,
            LandingTest = decision.LandingTest,
        };
        declaration.FirstScannedAt ??= scannedAt.ToUniversalTime();
        db.CheckpointScans.Add(scan);
        if (healthCode is Rules.HealthCode.Yellow or Rules.HealthCode.Red)
        {
            await RaiseNotGreenAsync(declaration.Id, declaration.CommunityCode, now, cancellationToken);
        }

        // The scan's transaction (or its savepoint in a keyed request's) already undoes a failed save: EF's own savepoint
        // around the save would only add two round trips.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }

        await transaction.CommitAsync(cancellationToken);
        db.Database.OnCommitted(() => metrics.Scanned(ApiNames.Name(Recommended(decision, healthCode))));

        // The scan's decision record is now the declaration's latest: answer with it and with what was read with the
        // lock, rather than read it all back.
        var view = await declarations.ViewAsync(locked, record, decision, language, cancellationToken);
        return new ScanResult(scan.Id, view, view.Decision, declaration.Registration, Recommended(decision, healthCode), healthCode, request.ItineraryStar);
    }

    /// <summary>
    /// A scan this officer's checkpoint recorded, answered as when it was made (the console opens on it after a walk-in
    /// registration scanned the traveler); 404 for another checkpoint's or an unknown scan.
    /// </summary>
    public async Task<ServiceResult<ScanResult>> ResultAsync(Guid scanId, ClaimsPrincipal officer, Language language, CancellationToken cancellationToken)
    {
        var checkpoint = await CheckpointOfAsync(officer, cancellationToken);
        var found = await (
            from scan in db.CheckpointScans.AsNoTracking()
            join record in db.DecisionRecords on scan.DecisionRecordId equals record.Id
            where scan.Id == scanId && scan.CheckpointCode == checkpoint
            select new { scan, record.DecisionJson })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || await db.Declarations.AsNoTracking().SingleOrDefaultAsync(d => d.Id == found.scan.DeclarationId, cancellationToken) is not { } declaration)
        {
            return new ServiceResult<ScanResult>.NotFound(t["Scan.NotFound"]);
        }

        var decision = Declarations.Storage.StoredJson.ReadDecision(found.DecisionJson);
        var view = await declarations.ViewAsync(declaration, decision, language, cancellationToken);
        return new ScanResult(found.scan.Id, view, view.Decision, declaration.Registration,
            found.scan.Direction == ScanDirection.Exit ? null : Recommended(decision, found.scan.HealthCode), found.scan.HealthCode, found.scan.ItineraryStar, found.scan.Direction);
    }

    /// <summary>
    /// 出市: a driver leaving the city (a transit driver, 途经) is recorded at the checkpoint they leave by. An exit decides
    /// nothing and needs no outcome: the scan keeps the latest decision as it stands. Only someone who entered leaves.
    /// </summary>
    private async Task<ServiceResult<ScanResult>> ExitAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Declaration declaration, string checkpoint, Guid officerId, DateTimeOffset scannedAt, DateTimeOffset now, Language language, CancellationToken cancellationToken)
    {
        if (declaration.FirstScannedAt is null)
        {
            return new ServiceResult<ScanResult>.Conflict(t["Scan.ExitBeforeEntry"]);
        }

        var latest = await db.DecisionRecords.AsNoTracking()
            .Where(r => r.DeclarationId == declaration.Id)
            .OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.DecisionJson })
            .FirstAsync(cancellationToken);
        var decision = Declarations.Storage.StoredJson.ReadDecision(latest.DecisionJson);
        var scan = new CheckpointScan
        {
            Id = Guid.CreateVersion7(),
            DeclarationId = declaration.Id,
            CheckpointCode = checkpoint,
            Direction = ScanDirection.Exit,
            OfficerId = officerId,
            ScannedAt = scannedAt.ToUniversalTime(),
            RecordedAt = now.ToUniversalTime(),
            DecisionRecordId = latest.Id,
            Measure = decision.Measure,
            EntryAllowed = decision.EntryAllowed,
            LandingTest = decision.LandingTest,
        };
        db.CheckpointScans.Add(scan);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var view = await declarations.ViewAsync(declaration, decision, language, cancellationToken);
        return new ScanResult(scan.Id, view, view.Decision, declaration.Registration, RecommendedOutcome: null, Direction: ScanDirection.Exit);
    }

    /// <summary>
    /// 健康码异常 the community and the command center learn of a yellow or red code once a China-time day for each
    /// traveler: a second tablet or a re-scan the same day adds nothing they do not know. The day is the alert's own
    /// (when it is raised), not a queued scan's.
    /// </summary>
    private async Task RaiseNotGreenAsync(Guid declarationId, string? communityCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var start = Rules.ChinaTime.StartOfDay(Rules.ChinaTime.LocalDate(now));
        var end = start.AddDays(1);
        var known = await db.Alerts.AnyAsync(
            a => a.DeclarationId == declarationId && a.Kind == AlertKind.HealthCodeNotGreen && a.CreatedAt >= start && a.CreatedAt < end,
            cancellationToken);
        if (!known)
        {
            alerts.Raise(declarationId, communityCode, AlertKind.HealthCodeNotGreen);
        }
    }

    public async Task<ServiceResult<OutcomeResult>> RecordOutcomeAsync(Guid scanId, OutcomeRequest request, ClaimsPrincipal officer, CancellationToken cancellationToken)
    {
        var validation = await outcomeValidator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<OutcomeResult>(validation);
        }

        var outcome = ApiNames.Parse<ScanOutcome>(request.Outcome)!.Value;
        var tube = string.IsNullOrWhiteSpace(request.TubeNumber) ? null : request.TubeNumber.Trim();

        var scan = await db.CheckpointScans.FirstOrDefaultAsync(s => s.Id == scanId, cancellationToken);
        if (scan is null)
        {
            return new ServiceResult<OutcomeResult>.NotFound(t["Scan.NoScan"]);
        }

        var checkpoint = await CheckpointOfAsync(officer, cancellationToken);
        if (checkpoint != scan.CheckpointCode)
        {
            return new ServiceResult<OutcomeResult>.Forbidden(t["Scan.OtherCheckpoint"]);
        }

        if (scan.Direction == ScanDirection.Exit)
        {
            return new ServiceResult<OutcomeResult>.Conflict(t["Scan.ExitNoOutcome"]);
        }

        if (tube is not null && await db.CheckpointScans.AnyAsync(s => s.TubeNumber == tube && s.Id != scanId, cancellationToken))
        {
            return new ServiceResult<OutcomeResult>.Conflict(t["Scan.TubeTaken"]);
        }

        scan.Outcome = outcome;
        scan.TubeNumber = tube ?? scan.TubeNumber;
        scan.SealNumber = string.IsNullOrWhiteSpace(request.SealNumber) ? null : request.SealNumber.Trim();
        scan.OutcomeAt = clock.GetUtcNow().ToUniversalTime();
        if (outcome == ScanOutcome.LandingTestTaken && scan.TubeNumber is not null)
        {
            await followUps.LandingTestTakenAsync(scan.DeclarationId, scan.ScannedAt, scan.TubeNumber, OfficerId(officer), cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another scan took the tube between the check above and this save.
            return new ServiceResult<OutcomeResult>.Conflict(t["Scan.TubeTaken"]);
        }

        return new OutcomeResult(scan.Id, scan.Outcome!.Value, scan.SealNumber, scan.OutcomeAt.Value);
    }

    /// <summary>
    /// 落地检结果: the checkpoint that took the tube (one of its officers) or an admin records its result; a first
    /// positive raises an alert for the traveler's community and the command center. Another checkpoint's tube is
    /// answered as an unknown one, so the answer tells nobody which tube numbers exist. A result that changes one
    /// already recorded is written to the audit log with the old and the new value; an alert already raised stays
    /// (people were told and may have acted on it; the audit entry and the corrected result say what changed).
    /// </summary>
    public async Task<ServiceResult<Guid>> RecordLandingTestResultAsync(string tubeNumber, LandingTestResultRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = ApiNames.Parse<Rules.TestResult>(request.Result);
        if (result is null)
        {
            return ServiceResult.Invalid<Guid>("result", t["Eval.CertificateResult"]);
        }

        var tube = tubeNumber.Trim();
        var admin = user.IsInRole(Roles.Admin);
        var checkpoint = admin ? null : await CheckpointOfAsync(user, cancellationToken);
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // Locked: two results for the same tube at once are recorded one after the other, each audited against the other.
        var scan = (await db.CheckpointScans
            .FromSql($"SELECT * FROM checkpoint_scans WHERE tube_number = {tube} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        if (scan is null || (!admin && (checkpoint is null || scan.CheckpointCode != checkpoint)))
        {
            return new ServiceResult<Guid>.NotFound(t["Scan.NoTube"]);
        }

        var previous = scan.LandingTestResult;
        var firstPositive = result == Rules.TestResult.Positive && previous != Rules.TestResult.Positive;
        scan.LandingTestResult = result;
        scan.ResultAt = clock.GetUtcNow().ToUniversalTime();
        await followUps.LandingTestResultAsync(scan.TubeNumber!, result.Value, cancellationToken);
        if (firstPositive)
        {
            var community = await db.Declarations.Where(d => d.Id == scan.DeclarationId).Select(d => d.CommunityCode).SingleAsync(cancellationToken);
            alerts.Raise(scan.DeclarationId, community, AlertKind.PositiveLandingTest);
        }

        if (previous is { } before && before != result)
        {
            await audit.WriteAsync(user, AuditAction.Correct, "landingTest",
                $"{scan.Id} tube {tube}: {ApiNames.Name(before)} -> {ApiNames.Name(result.Value)}", 1, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return scan.Id;
    }

    /// <summary>今日查验: the officer's own checkpoint only, China-time day.</summary>
    public async Task<ServiceResult<CheckpointDay>> TodayAsync(ClaimsPrincipal officer, CancellationToken cancellationToken)
    {
        var checkpoint = await CheckpointOfAsync(officer, cancellationToken);
        if (checkpoint is null)
        {
            return new ServiceResult<CheckpointDay>.Forbidden(t["Scan.OtherCheckpoint"]);
        }

        var day = Rules.ChinaTime.LocalDate(clock.GetUtcNow());
        var start = Rules.ChinaTime.StartOfDay(day);
        var end = start.AddDays(1);
        var scans = await (
            from scan in db.CheckpointScans.AsNoTracking()
            join declaration in db.Declarations on scan.DeclarationId equals declaration.Id
            where scan.CheckpointCode == checkpoint && scan.ScannedAt >= start && scan.ScannedAt < end && scan.Direction == ScanDirection.Entry
            select new { scan, declaration.TravelerName, declaration.Registration })
            .ToListAsync(cancellationToken);
        // One line per traveler: a re-scan (a second tablet, a corrected temperature, the traveler back at the barrier)
        // replaces the earlier line, so a scan left without an outcome by a later one is no pending line of its own.
        var lines = scans
            .GroupBy(row => row.scan.DeclarationId)
            .Select(group =>
            {
                var latest = group.MaxBy(row => (row.scan.ScannedAt, row.scan.RecordedAt, row.scan.Id))!;
                var scan = latest.scan;
                return new ScanLine(scan.Id, scan.ScannedAt, latest.TravelerName, scan.Measure, scan.EntryAllowed, scan.LandingTest, scan.Outcome, latest.Registration, scan.HealthCode, group.Count());
            })
            .OrderByDescending(line => line.ScannedAt)
            .ToList();
        var counts = lines.GroupBy(s => s.Outcome is { } outcome ? LabelKeys.Camel(outcome) : "pending").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var name = await db.Checkpoints.AsNoTracking().Where(c => c.Code == checkpoint).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        return new CheckpointDay(checkpoint, day, lines, counts) { CheckpointName = name };
    }

    /// <summary>The checkpoint an officer is bound to (null for anyone else), as <see cref="OfficerCheckpoints"/> keeps it.</summary>
    public Task<string?> CheckpointOfAsync(ClaimsPrincipal officer, CancellationToken cancellationToken) =>
        officerCheckpoints.OfAsync(OfficerId(officer), cancellationToken);

    private static Guid OfficerId(ClaimsPrincipal officer) =>
        officer.StaffId() ?? Guid.Empty;

}
