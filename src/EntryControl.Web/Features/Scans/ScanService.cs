using System.Security.Claims;
using System.Text.Json;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EntryControl.Web.Features.Scans;

public sealed record ScanResult(Guid ScanId, DeclarationView Declaration, EvaluationView Decision, RegistrationTiming Registration);

public sealed record OutcomeResult(Guid ScanId, ScanOutcome Outcome, string? SealNumber, DateTimeOffset OutcomeAt);

/// <summary>A line of "today at this checkpoint": no ID number, no phone.</summary>
public sealed record ScanLine(Guid ScanId, DateTimeOffset ScannedAt, string TravelerName, Rules.Measure Measure, bool EntryAllowed, bool LandingTest, ScanOutcome? Outcome, RegistrationTiming Registration);

public sealed record AlertView(Guid Id, Guid DeclarationId, string TravelerName, string Community, AlertKind Kind, DateTimeOffset CreatedAt);

public sealed record CheckpointDay(string Checkpoint, DateOnly Day, IReadOnlyList<ScanLine> Scans, IReadOnlyDictionary<string, int> CountsByOutcome);

/// <summary>
/// 卡口查验: finds the declaration, decides again at the scan time with the temperature and any certificate shown on the
/// spot, and records the scan with that decision. Officers work only at their own checkpoint.
/// </summary>
public sealed class ScanService(
    EntryControlDbContext db,
    EvaluationService evaluations,
    DeclarationService declarations,
    FollowUps.FollowUpPlanner followUps,
    Audit.AuditLog audit,
    IValidator<ScanRequest> validator,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = Infrastructure.Http.HttpServiceCollectionExtensions.JsonOptions;

    public async Task<ServiceResult<ScanResult>> ScanAsync(ScanRequest request, ClaimsPrincipal officer, CancellationToken cancellationToken)
    {
        var errors = (await validator.ValidateAsync(request, cancellationToken)).ToErrorDictionary();
        var now = clock.GetUtcNow();
        var scannedAt = now;
        if (request.ScannedAt is not null && IsoDates.TryParseInstant(request.ScannedAt, out var sent))
        {
            // A tablet that lost its network sends queued scans later, up to a day back; never from the future.
            if (sent < now.AddHours(-24) || sent > now.AddMinutes(5))
            {
                errors["scannedAt"] = [t["Scan.ScannedAtWindow"]];
            }

            scannedAt = sent;
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<ScanResult>.Invalid(errors);
        }

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
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var declaration = await FindDeclarationAsync(request, cancellationToken);
        if (declaration is null)
        {
            return new ServiceResult<ScanResult>.NotFound(t["Scan.NotFound"]);
        }

        if (declaration.Status == DeclarationStatus.Cancelled)
        {
            return new ServiceResult<ScanResult>.Conflict(t["Scan.Cancelled"]);
        }

        var trip = JsonSerializer.Deserialize<TripInput>(declaration.TripJson, Json)!;
        var shown = request.NucleicAcidTest;
        var atScan = (trip with { ArrivalAt = scannedAt.ToOffset(Rules.ChinaTime.Offset).ToString("O", System.Globalization.CultureInfo.InvariantCulture) })
            .ToEvaluation(declaration.Destination, preRegistered: declaration.RegisteredBy is null, temperature: request.TemperatureCelsius, shownOnTheSpot: shown)
            .ToTrip();
        if (await evaluations.EvaluateAsync(atScan, cancellationToken) is not ServiceResult<Evaluation>.Ok evaluated)
        {
            return new ServiceResult<ScanResult>.Unprocessable(t["Lookup.NoPolicy"]);
        }

        var record = DeclarationService.Record(declaration.Id, DecisionOccasion.Scanned, evaluated.Value, scannedAt, now);
        var decision = evaluated.Value.Decision;
        var scan = new CheckpointScan
        {
            Id = Guid.CreateVersion7(),
            DeclarationId = declaration.Id,
            CheckpointCode = checkpoint,
            OfficerId = officerId,
            ScannedAt = scannedAt.ToUniversalTime(),
            RecordedAt = now.ToUniversalTime(),
            TemperatureCelsius = request.TemperatureCelsius,
            CertificateSampledAt = shown is not null && IsoDates.TryParseInstant(shown.SampledAt, out var sampled) ? sampled.ToUniversalTime() : null,
            CertificateResult = shown is null ? null : shown.Result?.Trim() == "positive" ? Rules.TestResult.Positive : Rules.TestResult.Negative,
            DecisionRecordId = record.Id,
            Measure = decision.Measure,
            EntryAllowed = decision.EntryAllowed,
            LandingTest = decision.LandingTest,
        };
        declaration.FirstScannedAt ??= scannedAt.ToUniversalTime();
        db.DecisionRecords.Add(record);
        db.CheckpointScans.Add(scan);
        await followUps.PlanAsync(declaration, decision, isNew: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The scan's decision record is now the declaration's latest: answer with it rather than read it all back.
        var view = await declarations.ViewAsync(declaration, decision, cancellationToken);
        return new ScanResult(scan.Id, view, EvaluationView.From(decision, EvaluationEndpoints.WantsEnglish()), declaration.Registration);
    }

    public async Task<ServiceResult<OutcomeResult>> RecordOutcomeAsync(Guid scanId, OutcomeRequest request, ClaimsPrincipal officer, CancellationToken cancellationToken)
    {
        var outcome = request.Outcome?.Trim() switch
        {
            "released" => ScanOutcome.Released,
            "landingTestTaken" => ScanOutcome.LandingTestTaken,
            "transferredToQuarantine" => ScanOutcome.TransferredToQuarantine,
            "referredToClinic" => ScanOutcome.ReferredToClinic,
            "refused" => ScanOutcome.Refused,
            _ => (ScanOutcome?)null,
        };
        var errors = new Dictionary<string, string[]>();
        if (outcome is null)
        {
            errors["outcome"] = [t["Scan.Outcome"]];
        }

        if (request.SealNumber is { Length: > 32 } || (request.SealNumber?.Any(char.IsControl) ?? false))
        {
            errors["sealNumber"] = [t["Scan.SealNumber"]];
        }

        var tube = string.IsNullOrWhiteSpace(request.TubeNumber) ? null : request.TubeNumber.Trim();
        if (outcome == ScanOutcome.LandingTestTaken && tube is null)
        {
            errors["tubeNumber"] = [t["Scan.TubeRequired"]];
        }
        else if (tube is not null && (tube.Length > 32 || !tube.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors["tubeNumber"] = [t["Scan.TubeFormat"]];
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<OutcomeResult>.Invalid(errors);
        }

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

        if (tube is not null && await db.CheckpointScans.AnyAsync(s => s.TubeNumber == tube && s.Id != scanId, cancellationToken))
        {
            return new ServiceResult<OutcomeResult>.Conflict(t["Scan.TubeTaken"]);
        }

        scan.Outcome = outcome;
        scan.TubeNumber = tube ?? scan.TubeNumber;
        scan.SealNumber = string.IsNullOrWhiteSpace(request.SealNumber) ? null : request.SealNumber.Trim();
        scan.OutcomeAt = clock.GetUtcNow().ToUniversalTime();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another scan took the tube between the check above and this save.
            return new ServiceResult<OutcomeResult>.Conflict(t["Scan.TubeTaken"]);
        }

        return new OutcomeResult(scan.Id, scan.Outcome!.Value, scan.SealNumber, scan.OutcomeAt.Value);
    }

    /// <summary>
    /// 落地检结果: a lab or officer records the result of the tube taken at the checkpoint; a positive result raises an
    /// alert for the traveler's community and the command center.
    /// </summary>
    public async Task<ServiceResult<Guid>> RecordLandingTestResultAsync(string tubeNumber, LandingTestResultRequest request, CancellationToken cancellationToken)
    {
        Rules.TestResult? result = request.Result?.Trim() switch
        {
            "negative" => Rules.TestResult.Negative,
            "positive" => Rules.TestResult.Positive,
            _ => null,
        };
        if (result is null)
        {
            return ServiceResult.Invalid<Guid>("result", t["Eval.CertificateResult"]);
        }

        var scan = await db.CheckpointScans.FirstOrDefaultAsync(s => s.TubeNumber == tubeNumber.Trim(), cancellationToken);
        if (scan is null)
        {
            return new ServiceResult<Guid>.NotFound(t["Scan.NoTube"]);
        }

        var firstPositive = result == Rules.TestResult.Positive && scan.LandingTestResult != Rules.TestResult.Positive;
        scan.LandingTestResult = result;
        scan.ResultAt = clock.GetUtcNow().ToUniversalTime();
        if (firstPositive)
        {
            var community = await db.Declarations.Where(d => d.Id == scan.DeclarationId).Select(d => d.CommunityCode).SingleAsync(cancellationToken);
            db.Alerts.Add(new Alert
            {
                Id = Guid.CreateVersion7(),
                DeclarationId = scan.DeclarationId,
                CommunityCode = community,
                Kind = AlertKind.PositiveLandingTest,
                CreatedAt = clock.GetUtcNow().ToUniversalTime(),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return scan.Id;
    }

    /// <summary>Alerts: the command center and admins see all; a community worker only those of their communities.</summary>
    public async Task<IReadOnlyList<AlertView>> AlertsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var query = db.Alerts.AsNoTracking();
        if (!user.IsInRole(Staff.Roles.Admin) && !user.IsInRole(Staff.Roles.CommandCenter))
        {
            var userId = OfficerId(user);
            var communities = db.StaffCommunities.Where(c => c.UserId == userId).Select(c => c.CommunityCode);
            query = query.Where(a => communities.Contains(a.CommunityCode));
        }

        var alerts = await (
            from alert in query
            join declaration in db.Declarations on alert.DeclarationId equals declaration.Id
            orderby alert.CreatedAt descending
            select new AlertView(alert.Id, alert.DeclarationId, declaration.TravelerName, alert.CommunityCode, alert.Kind, alert.CreatedAt))
            .ToListAsync(cancellationToken);
        if (alerts.Count > 0)
        {
            await audit.WriteAsync(user, Audit.AuditAction.View, "alerts", string.Join(' ', alerts.Select(a => a.Community).Distinct().Order(StringComparer.Ordinal)), alerts.Count, cancellationToken);
        }

        return alerts;
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
            where scan.CheckpointCode == checkpoint && scan.ScannedAt >= start && scan.ScannedAt < end
            orderby scan.ScannedAt descending
            select new ScanLine(scan.Id, scan.ScannedAt, declaration.TravelerName, scan.Measure, scan.EntryAllowed, scan.LandingTest, scan.Outcome, declaration.Registration))
            .ToListAsync(cancellationToken);
        var counts = scans.GroupBy(s => s.Outcome is { } outcome ? LabelKeys.Camel(outcome) : "pending").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CheckpointDay(checkpoint, day, scans, counts);
    }

    /// <summary>The checkpoint an officer is bound to (null for anyone else).</summary>
    public Task<string?> CheckpointOfAsync(ClaimsPrincipal officer, CancellationToken cancellationToken)
    {
        var officerId = OfficerId(officer);
        return db.Users.Where(u => u.Id == officerId).Select(u => u.CheckpointCode).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<Declaration?> FindDeclarationAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.Code))
        {
            var code = request.Code.Trim();
            return await db.Declarations.FromSql($"SELECT * FROM declarations WHERE code = {code} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);
        }

        // By document: the traveler's active declaration with the latest arrival.
        var number = IdentityDocuments.Normalize(request.IdNumber!);
        var active = nameof(DeclarationStatus.Active);
        return await db.Declarations
            .FromSql($"SELECT * FROM declarations WHERE id_number = {number} AND status = {active} ORDER BY arrival_at DESC LIMIT 1 FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static Guid OfficerId(ClaimsPrincipal officer) =>
        officer.StaffId() ?? Guid.Empty;

}
