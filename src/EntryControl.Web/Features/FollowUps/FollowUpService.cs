using System.Globalization;
using System.Security.Claims;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.FollowUps;

public enum FollowUpStatus
{
    Overdue,
    Due,
    Upcoming,

    /// <summary>Sampled, the result not in yet (entered later, or by the lab for a landing test).</summary>
    AwaitingResult,

    /// <summary>建议: a test the notice only advises (seed 001 五); never due or overdue, listed from its day on only.</summary>
    Advised,
}

/// <summary>What a line of the worker's list asks for.</summary>
public enum FollowUpItemKind
{
    /// <summary>A test the community must see taken.</summary>
    Test,

    /// <summary>接收 take the traveler over from the centralized quarantine site, on the day after it ends.</summary>
    Handover,
}

public sealed record FollowUpTraveler(string Name, string? Phone, string IdNumber);

public sealed record FollowUpTestRef(DateOnly Date, TestKind Kind);

/// <summary>
/// One line of the worker's list (api.md), with where to find the traveler. <see cref="Id"/> is the test's (null for a
/// handover); <see cref="Date"/> is the day the line is for; <see cref="Progress"/> is the traveler's on the list's day.
/// </summary>
public sealed record FollowUpItem(
    Guid? Id,
    FollowUpItemKind Kind,
    Guid DeclarationId,
    FollowUpTraveler Traveler,
    string Community,
    string Address,
    Measure Measure,
    DateOnly PhaseEnd,
    DateOnly Date,
    FollowUpTestRef? Test,
    FollowUpStatus Status,
    DateTimeOffset? SampledAt,
    string? TubeNumber,
    MeasureProgress Progress);

/// <summary>A test of someone's plan already taken, for the worker to see it done.</summary>
public sealed record TakenTest(DateOnly Date, TestKind Kind, DateTimeOffset? SampledAt, TestResult? Result, string? TubeNumber);

/// <summary>Someone under a measure on the day: which, and until when.</summary>
public sealed record UnderMeasure(Guid DeclarationId, FollowUpTraveler Traveler, string Community, string Address, Measure Measure, DateOnly Start, DateOnly End, DateOnly MeasureEnd)
{
    /// <summary>The traveler's progress on the list's day.</summary>
    public MeasureProgress? Progress { get; init; }

    /// <summary>Tests of the plan already taken.</summary>
    public IReadOnlyList<TakenTest> Taken { get; init; } = [];
}

/// <summary>Someone whose last phase is over and who is not released yet, with what stands in the way.</summary>
public sealed record AwaitingRelease(Guid DeclarationId, FollowUpTraveler Traveler, string Community, string Address, Measure Measure, DateOnly From, DateOnly To, IReadOnlyList<ReleaseBlocker> Blockers)
{
    public bool Releasable => Blockers.Count == 0;
}

public sealed record FollowUpSheet(DateOnly On, IReadOnlyList<string> Communities, IReadOnlyList<FollowUpItem> Tests, IReadOnlyList<UnderMeasure> People)
{
    /// <summary>Travelers whose measure is over and who await release (解除), at the top of the worker's day.</summary>
    public IReadOnlyList<AwaitingRelease> AwaitingRelease { get; init; } = [];

    /// <summary>The listed communities' names by code (people read names; codes stay in the API's fields).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, string> CommunityNames { get; init; } = new Dictionary<string, string>();

    /// <summary>A community's name, or its code when it has none.</summary>
    public string NameOf(string? community) => community is null ? string.Empty : CommunityNames.GetValueOrDefault(community) ?? community;
}

/// <summary>A page of the tests list; <see cref="More"/> when another page follows.</summary>
public sealed record FollowUpPage(IReadOnlyList<FollowUpItem> Items, int Page, int PageSize, bool More);

public sealed record RecordedTest(Guid Id, Guid DeclarationId, DateOnly Date, TestKind Kind, DateTimeOffset SampledAt, TestResult? Result, bool Alert);

/// <summary>The body of <c>PUT /api/v1/follow-ups/tests/{id}/result</c>.</summary>
public sealed record TestResultRequest(string? Result);

/// <summary>
/// 社区跟踪: keeps each declaration's tests and measure phases in step with its latest decision, lists what a worker's
/// communities must do on a day, records tests, and raises an alert on a positive result.
/// </summary>
public sealed class FollowUpService(
    EntryControlDbContext db,
    AuditLog audit,
    AlertService alerts,
    ReleaseService releases,
    IValidator<RecordTestRequest> validator,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    /// <summary>How far ahead the list shows upcoming tests (api.md: the next 3 days).</summary>
    public const int UpcomingDays = 3;

    /// <summary>The communities a worker covers, in code order.</summary>
    public Task<List<string>> CommunitiesOfAsync(ClaimsPrincipal worker, CancellationToken cancellationToken)
    {
        var userId = UserId(worker);
        return db.StaffCommunities.Where(c => c.UserId == userId).Select(c => c.CommunityCode).OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The tests due on or before <paramref name="on"/> not yet recorded, those due in the next 3 days, and who is under a
    /// measure that day, for the worker's communities (or one of them). Written to the audit log.
    /// </summary>
    public async Task<ServiceResult<FollowUpSheet>> SheetAsync(ClaimsPrincipal worker, string? on, string? community, AuditAction action, CancellationToken cancellationToken)
    {
        var day = ChinaTime.LocalDate(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(on) && !IsoDates.TryParseDate(on, out day))
        {
            return ServiceResult.Invalid<FollowUpSheet>("on", t["FollowUp.Date"]);
        }

        var covered = await CommunitiesOfAsync(worker, cancellationToken);
        if (!string.IsNullOrWhiteSpace(community))
        {
            if (!covered.Contains(community.Trim()))
            {
                return new ServiceResult<FollowUpSheet>.Forbidden(t["FollowUp.NotYourCommunity"]);
            }

            covered = [community.Trim()];
        }

        var horizon = day.AddDays(UpcomingDays);
        var tests = await (
            from test in db.FollowUpTests.AsNoTracking()
            join declaration in db.Declarations on test.DeclarationId equals declaration.Id
            where covered.Contains(test.CommunityCode) && test.Date <= horizon && (test.SampledAt == null || test.Result == null)
                  && (!test.Advisory || test.Date >= day || test.SampledAt != null)
                  && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
            orderby test.Date, declaration.TravelerName, test.Kind
            select new { test, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address })
            .ToListAsync(cancellationToken);

        // 接收: a centralized phase ending the day before a day of the list (the handover day is the day after it).
        var firstEnd = day.AddDays(-1);
        var lastEnd = horizon.AddDays(-1);
        var centralized = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where covered.Contains(phase.CommunityCode) && phase.Measure == Measure.CentralizedQuarantine && phase.End >= firstEnd && phase.End <= lastEnd
                  && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
            select new { phase, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address })
            .ToListAsync(cancellationToken);

        var phases = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where covered.Contains(phase.CommunityCode) && phase.Start <= day && phase.End >= day && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
            orderby phase.End, declaration.TravelerName
            select new
            {
                phase,
                declaration.TravelerName,
                declaration.Phone,
                declaration.IdNumber,
                declaration.Address,
                Last = db.MeasurePhases.Where(p => p.DeclarationId == phase.DeclarationId).Max(p => p.End),
            })
            .ToListAsync(cancellationToken);

        var ended = await (
            from declaration in db.Declarations.AsNoTracking()
            where declaration.CommunityCode != null && covered.Contains(declaration.CommunityCode) && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
                  && db.MeasurePhases.Any(p => p.DeclarationId == declaration.Id)
                  && db.MeasurePhases.Where(p => p.DeclarationId == declaration.Id).Max(p => p.End) < day
            orderby declaration.TravelerName
            select new { declaration.Id, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address, declaration.CommunityCode })
            .ToListAsync(cancellationToken);

        var listed = tests.Select(r => r.test.DeclarationId).Concat(centralized.Select(r => r.phase.DeclarationId))
            .Concat(phases.Select(r => r.phase.DeclarationId)).Concat(ended.Select(r => r.Id)).Distinct().ToList();
        var plans = (await db.MeasurePhases.AsNoTracking().Where(p => listed.Contains(p.DeclarationId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.DeclarationId, p => new PhaseSpan(p.Measure, p.Start, p.End));
        var arrivals = await db.Declarations.AsNoTracking().Where(d => listed.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => (d.ArrivalAt, d.FirstScannedAt), cancellationToken);
        MeasureProgress ProgressOf(Guid declarationId) =>
            MeasureProgress.On(day, MeasureProgress.HasArrived(day, arrivals[declarationId].ArrivalAt, arrivals[declarationId].FirstScannedAt), [.. plans[declarationId]], null);

        var items = tests.ConvertAll(row => TestItem(row.test, Traveler(row.TravelerName, row.Phone, row.IdNumber), row.Address, day, ProgressOf(row.test.DeclarationId)));
        items.AddRange(centralized
            .Where(row => !plans[row.phase.DeclarationId].Any(p => p.Measure == Measure.CentralizedQuarantine && p.Start == row.phase.End.AddDays(1)))
            .Select(row => HandoverItem(row.phase, Traveler(row.TravelerName, row.Phone, row.IdNumber), row.Address, day, ProgressOf(row.phase.DeclarationId))));
        items = [.. items.OrderBy(i => i.Status == FollowUpStatus.AwaitingResult ? 1 : 0).ThenBy(i => i.Date).ThenBy(i => i.Traveler.Name, StringComparer.Ordinal)
            .ThenByDescending(i => i.Kind).ThenBy(i => i.Test?.Kind)];

        var taken = (await db.FollowUpTests.AsNoTracking()
                .Where(f => listed.Contains(f.DeclarationId) && f.SampledAt != null)
                .OrderBy(f => f.Date).ThenBy(f => f.Kind)
                .ToListAsync(cancellationToken))
            .ToLookup(f => f.DeclarationId, f => new TakenTest(f.Date, f.Kind, f.SampledAt, f.Result, f.TubeNumber));
        var people = phases.ConvertAll(row => new UnderMeasure(
            row.phase.DeclarationId,
            new FollowUpTraveler(row.TravelerName, row.Phone, IdentityDocuments.Mask(row.IdNumber)),
            row.phase.CommunityCode,
            row.Address,
            row.phase.Measure,
            row.phase.Start,
            row.phase.End,
            row.Last)
        {
            Progress = ProgressOf(row.phase.DeclarationId),
            Taken = [.. taken[row.phase.DeclarationId]],
        });

        var blockers = await releases.BlockersAsync([.. ended.Select(e => e.Id)], day, cancellationToken);
        var awaiting = ended.ConvertAll(row =>
        {
            var plan = plans[row.Id].ToList();
            return new AwaitingRelease(
                row.Id,
                new FollowUpTraveler(row.TravelerName, row.Phone, IdentityDocuments.Mask(row.IdNumber)),
                row.CommunityCode,
                row.Address,
                plan.Max(p => p.Measure),
                plan.Min(p => p.Start),
                plan.Max(p => p.End),
                blockers[row.Id]);
        });

        var seen = listed.Count;
        await audit.WriteAsync(worker, action, "followUps", $"{string.Join(' ', covered)} {IsoDates.Format(day)}", seen, cancellationToken);
        var names = await db.Communities.AsNoTracking().Where(c => covered.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);
        return new FollowUpSheet(day, covered, items, people) { AwaitingRelease = awaiting, CommunityNames = names };
    }

    /// <summary>The rows of a page of the tests list when the caller asks for pages without a size.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>
    /// A page of the tests list (<c>GET /api/v1/follow-ups?page=&amp;pageSize=</c>): the lines of
    /// <see cref="FollowUpSheet.Tests"/>, in an order an index gives (date, a day's handovers before its tests, then the
    /// test's id), read with a LIMIT along <c>ix_follow_up_tests_open</c> (community, date, id; open tests only), so a
    /// page costs about the same over a few declarations or millions. No total: counting every open test of a community
    /// would cost what the page saves; <see cref="FollowUpPage.More"/> says whether another page follows. Audited.
    /// </summary>
    public async Task<ServiceResult<FollowUpPage>> PageAsync(ClaimsPrincipal worker, string? on, string? community, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var day = ChinaTime.LocalDate(clock.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(on) && !IsoDates.TryParseDate(on, out day))
        {
            errors["on"] = [t["FollowUp.Date"]];
        }

        var (number, size) = Paging.Read(page, pageSize, DefaultPageSize, errors, t);
        if (errors.Count > 0)
        {
            return new ServiceResult<FollowUpPage>.Invalid(errors);
        }

        var covered = await CommunitiesOfAsync(worker, cancellationToken);
        if (!string.IsNullOrWhiteSpace(community))
        {
            if (!covered.Contains(community.Trim()))
            {
                return new ServiceResult<FollowUpPage>.Forbidden(t["FollowUp.NotYourCommunity"]);
            }

            covered = [community.Trim()];
        }

        // Every line up to the end of the page and one more (is there a next page?): a worker reads a few pages, so the
        // LIMIT stays small. Paging.MaxPage keeps skip + size + 1 within an int.
        var skip = (number - 1) * size;
        var horizon = day.AddDays(UpcomingDays);
        // One community as an equality: "= ANY(array)" cannot be walked in the index's order (PostgreSQL then sorts
        // every open test of the community, seen in the EXPLAIN of docs/benchmarks.md).
        var only = covered.Count == 1 ? covered[0] : null;
        var openTests = only is null
            ? db.FollowUpTests.AsNoTracking().Where(test => covered.Contains(test.CommunityCode))
            : db.FollowUpTests.AsNoTracking().Where(test => test.CommunityCode == only);
        var tests = await (
            from test in openTests
            join declaration in db.Declarations on test.DeclarationId equals declaration.Id
            where test.Date <= horizon && (test.SampledAt == null || test.Result == null)
                  && (!test.Advisory || test.Date >= day || test.SampledAt != null)
                  && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
            orderby test.Date, test.Id
            select new { test, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address })
            .Take(skip + size + 1)
            .ToListAsync(cancellationToken);

        // 接收: a centralized phase ending the day before a day of the list (at most four days of handovers).
        var firstEnd = day.AddDays(-1);
        var lastEnd = horizon.AddDays(-1);
        var centralized = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where covered.Contains(phase.CommunityCode) && phase.Measure == Measure.CentralizedQuarantine && phase.End >= firstEnd && phase.End <= lastEnd
                  && declaration.Status == DeclarationStatus.Active
                  && !db.MeasureReleases.Any(r => r.DeclarationId == declaration.Id)
            orderby phase.End, phase.DeclarationId
            select new { phase, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address })
            .ToListAsync(cancellationToken);

        // A centralized phase followed by another is no handover.
        var candidates = centralized.Select(row => row.phase.DeclarationId).Distinct().ToList();
        var following = candidates.Count == 0 ? [] : await db.MeasurePhases.AsNoTracking()
            .Where(p => candidates.Contains(p.DeclarationId) && p.Measure == Measure.CentralizedQuarantine)
            .Select(p => new { p.DeclarationId, p.Start }).ToListAsync(cancellationToken);
        centralized = [.. centralized.Where(row => !following.Any(p => p.DeclarationId == row.phase.DeclarationId && p.Start == row.phase.End.AddDays(1)))];

        // Tests arrive in index order; the stable sort only moves each day's handovers in front of its tests.
        var lines = centralized.Select(row => (Date: row.phase.End.AddDays(1), row.phase.DeclarationId, Make: (Func<Func<Guid, MeasureProgress>, FollowUpItem>)(progress =>
                HandoverItem(row.phase, Traveler(row.TravelerName, row.Phone, row.IdNumber), row.Address, day, progress(row.phase.DeclarationId)))))
            .Concat(tests.Select(row => (row.test.Date, row.test.DeclarationId, Make: (Func<Func<Guid, MeasureProgress>, FollowUpItem>)(progress =>
                TestItem(row.test, Traveler(row.TravelerName, row.Phone, row.IdNumber), row.Address, day, progress(row.test.DeclarationId))))))
            .OrderBy(line => line.Date)
            .Skip(skip).Take(size + 1).ToList();
        var more = lines.Count > size;
        lines = [.. lines.Take(size)];

        var listed = lines.Select(l => l.DeclarationId).Distinct().ToList();
        var plans = (await db.MeasurePhases.AsNoTracking().Where(p => listed.Contains(p.DeclarationId)).ToListAsync(cancellationToken))
            .ToLookup(p => p.DeclarationId, p => new PhaseSpan(p.Measure, p.Start, p.End));
        var arrivals = await db.Declarations.AsNoTracking().Where(d => listed.Contains(d.Id)).Select(d => new { d.Id, d.ArrivalAt, d.FirstScannedAt })
            .ToDictionaryAsync(d => d.Id, d => (d.ArrivalAt, d.FirstScannedAt), cancellationToken);
        MeasureProgress ProgressOf(Guid declarationId) =>
            MeasureProgress.On(day, MeasureProgress.HasArrived(day, arrivals[declarationId].ArrivalAt, arrivals[declarationId].FirstScannedAt), [.. plans[declarationId]], null);

        await audit.WriteAsync(worker, AuditAction.View, "followUps", $"{string.Join(' ', covered)} {IsoDates.Format(day)} page {number}", listed.Count, cancellationToken);
        return new FollowUpPage(lines.ConvertAll(line => line.Make(ProgressOf)), number, size, more);
    }

    private static FollowUpTraveler Traveler(string name, string phone, string idNumber) =>
        new(name, phone, IdentityDocuments.Mask(idNumber));

    /// <summary>A scheduled test as the list shows it on <paramref name="day"/> (the whole list and a page alike).</summary>
    private static FollowUpItem TestItem(FollowUpTest test, FollowUpTraveler traveler, string address, DateOnly day, MeasureProgress progress) => new(
        test.Id,
        FollowUpItemKind.Test,
        test.DeclarationId,
        traveler,
        test.CommunityCode,
        address,
        test.Measure,
        test.PhaseEnd,
        test.Date,
        new FollowUpTestRef(test.Date, test.Kind),
        test.SampledAt is not null ? FollowUpStatus.AwaitingResult : test.Advisory ? FollowUpStatus.Advised : StatusOn(test.Date, day),
        test.SampledAt,
        test.TubeNumber,
        progress);

    /// <summary>接收: the community takes the traveler over the day after a centralized phase ends.</summary>
    private static FollowUpItem HandoverItem(MeasurePhase phase, FollowUpTraveler traveler, string address, DateOnly day, MeasureProgress progress) => new(
        null,
        FollowUpItemKind.Handover,
        phase.DeclarationId,
        traveler,
        phase.CommunityCode,
        address,
        phase.Measure,
        phase.End,
        phase.End.AddDays(1),
        null,
        StatusOn(phase.End.AddDays(1), day),
        null,
        null,
        progress);

    private static FollowUpStatus StatusOn(DateOnly date, DateOnly day) =>
        date < day ? FollowUpStatus.Overdue : date == day ? FollowUpStatus.Due : FollowUpStatus.Upcoming;

    /// <summary>Records a scheduled test taken (a result may follow later); a first positive result raises an alert.</summary>
    public async Task<ServiceResult<RecordedTest>> RecordAsync(ClaimsPrincipal worker, RecordTestRequest request, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<RecordedTest>(validation);
        }

        var now = clock.GetUtcNow();
        var date = IsoDates.ParseDateOrNull(request.Date)!.Value;
        _ = IsoDates.TryParseInstant(request.SampledAt, out var sampledAt);

        var kind = ApiNames.Parse<TestKind>(request.Kind)!.Value;
        var result = ApiNames.Parse<TestResult>(request.Result);
        var test = await db.FollowUpTests.FirstOrDefaultAsync(
            f => f.DeclarationId == request.DeclarationId && f.Date == date && f.Kind == kind, cancellationToken);
        if (test is null)
        {
            return new ServiceResult<RecordedTest>.NotFound(t["FollowUp.NoSuchTest"]);
        }

        var covered = await CommunitiesOfAsync(worker, cancellationToken);
        if (!covered.Contains(test.CommunityCode))
        {
            return new ServiceResult<RecordedTest>.Forbidden(t["FollowUp.NotYourCommunity"]);
        }

        if (test.TubeNumber is not null && result is not null)
        {
            return new ServiceResult<RecordedTest>.Conflict(t["FollowUp.LandingTestResult"]);
        }

        if (test.Result is { } known && result != known)
        {
            return new ServiceResult<RecordedTest>.Conflict(t["FollowUp.AlreadyRecorded"]);
        }

        var raiseAlert = result == TestResult.Positive && test.Result != TestResult.Positive;
        if (test.SampledAt is null || test.Result is null)
        {
            test.SampledAt ??= sampledAt.ToUniversalTime();
            test.Result = result;
            test.RecordedBy = UserId(worker);
            test.RecordedAt = now.ToUniversalTime();
        }

        if (raiseAlert)
        {
            alerts.Raise(test.DeclarationId, test.CommunityCode, AlertKind.PositiveFollowUpTest);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RecordedTest(test.Id, test.DeclarationId, test.Date, test.Kind, test.SampledAt!.Value, test.Result, raiseAlert);
    }

    /// <summary>
    /// Enters the result of a test taken earlier (the lab's answer). The same result again is a harmless retry (200); a
    /// different one, or a result for a test not sampled yet or taken as a landing test (the lab enters those), is 409.
    /// A positive result raises an alert as recording one does.
    /// </summary>
    public async Task<ServiceResult<RecordedTest>> EnterResultAsync(ClaimsPrincipal worker, Guid testId, TestResultRequest request, CancellationToken cancellationToken)
    {
        var result = ApiNames.Parse<TestResult>(request.Result);
        if (result is null)
        {
            return ServiceResult.Invalid<RecordedTest>("result", t["Eval.CertificateResult"]);
        }

        var test = await db.FollowUpTests.FirstOrDefaultAsync(f => f.Id == testId, cancellationToken);
        if (test is null)
        {
            return new ServiceResult<RecordedTest>.NotFound(t["FollowUp.NoSuchTest"]);
        }

        var covered = await CommunitiesOfAsync(worker, cancellationToken);
        if (!covered.Contains(test.CommunityCode))
        {
            return new ServiceResult<RecordedTest>.Forbidden(t["FollowUp.NotYourCommunity"]);
        }

        if (test.SampledAt is null)
        {
            return new ServiceResult<RecordedTest>.Conflict(t["FollowUp.NotSampled"]);
        }

        if (test.TubeNumber is not null)
        {
            return new ServiceResult<RecordedTest>.Conflict(t["FollowUp.LandingTestResult"]);
        }

        if (test.Result is { } known)
        {
            return known == result
                ? new RecordedTest(test.Id, test.DeclarationId, test.Date, test.Kind, test.SampledAt.Value, known, false)
                : new ServiceResult<RecordedTest>.Conflict(t["FollowUp.AlreadyRecorded"]);
        }

        // Two people entering a result at once: only the first update finds it still empty; the second is answered as a
        // retry (same result) or a conflict (a different one).
        var userId = UserId(worker);
        var at = clock.GetUtcNow().ToUniversalTime();
        var updated = await db.FollowUpTests.Where(f => f.Id == testId && f.Result == null)
            .ExecuteUpdateAsync(set => set.SetProperty(f => f.Result, result).SetProperty(f => f.RecordedBy, userId).SetProperty(f => f.RecordedAt, at), cancellationToken);
        if (updated == 0)
        {
            var stored = await db.FollowUpTests.AsNoTracking().Where(f => f.Id == testId).Select(f => f.Result).FirstAsync(cancellationToken);
            return stored == result
                ? new RecordedTest(test.Id, test.DeclarationId, test.Date, test.Kind, test.SampledAt.Value, stored, false)
                : new ServiceResult<RecordedTest>.Conflict(t["FollowUp.AlreadyRecorded"]);
        }

        test.Result = result;
        db.Entry(test).State = EntityState.Unchanged;
        var raiseAlert = result == TestResult.Positive;
        if (raiseAlert)
        {
            alerts.Raise(test.DeclarationId, test.CommunityCode, AlertKind.PositiveFollowUpTest);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RecordedTest(test.Id, test.DeclarationId, test.Date, test.Kind, test.SampledAt.Value, test.Result, raiseAlert);
    }

    /// <summary>
    /// 落地检 counts: a landing test taken at the checkpoint on the first day of a phase fulfils that day's nucleic-acid
    /// test of the follow-up plan (the worker is not asked for a second sample). The caller saves.
    /// </summary>
    public async Task LandingTestTakenAsync(Guid declarationId, DateTimeOffset sampledAt, string tubeNumber, Guid officerId, CancellationToken cancellationToken)
    {
        var date = ChinaTime.LocalDate(sampledAt);
        if (!await db.MeasurePhases.AnyAsync(p => p.DeclarationId == declarationId && p.Start == date, cancellationToken))
        {
            return;
        }

        var test = await db.FollowUpTests.FirstOrDefaultAsync(f => f.DeclarationId == declarationId && f.Date == date && f.Kind == TestKind.Nat, cancellationToken);
        if (test is null || (test.SampledAt is not null && test.TubeNumber is null))
        {
            // Nothing planned that day, or the community already took its own sample.
            return;
        }

        test.SampledAt = sampledAt.ToUniversalTime();
        test.TubeNumber = tubeNumber;
        test.RecordedBy = officerId;
        test.RecordedAt = clock.GetUtcNow().ToUniversalTime();
    }

    /// <summary>The lab's result of a landing test, on the follow-up test it fulfils (if any). The caller saves and alerts.</summary>
    public async Task LandingTestResultAsync(string tubeNumber, TestResult result, CancellationToken cancellationToken)
    {
        var test = await db.FollowUpTests.FirstOrDefaultAsync(f => f.TubeNumber == tubeNumber, cancellationToken);
        if (test is not null)
        {
            test.Result = result;
        }
    }

    /// <summary>The sheet as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF lines, IDs masked.</summary>
    public byte[] ToCsv(FollowUpSheet sheet)
    {
        var csv = new ExcelCsv();
        void Line(params string?[] cells) => csv.Row(cells);
        Line(t["Csv.Status"], t["Csv.TestDate"], t["Csv.TestKind"], t["Csv.Name"], t["Csv.IdNumber"], t["Csv.Phone"], t["Csv.Community"], t["Csv.Address"], t["Csv.Measure"], t["Csv.PhaseEnd"]);
        foreach (var item in sheet.Tests)
        {
            Line(t["FollowUp.Status." + LabelKeys.Camel(item.Status)], IsoDates.Format(item.Date), t[WhatKey(item)], item.Traveler.Name, item.Traveler.IdNumber,
                item.Traveler.Phone, sheet.NameOf(item.Community), item.Address, t[LabelKeys.Measure(item.Measure)], IsoDates.Format(item.PhaseEnd));
        }

        foreach (var person in sheet.People.Where(p => sheet.Tests.All(i => i.DeclarationId != p.DeclarationId)))
        {
            Line(t["FollowUp.Status.underMeasure"], string.Empty, string.Empty, person.Traveler.Name, person.Traveler.IdNumber,
                person.Traveler.Phone, sheet.NameOf(person.Community), person.Address, t[LabelKeys.Measure(person.Measure)], IsoDates.Format(person.End));
        }

        return csv.ToBytes();
    }

    /// <summary>The resource key naming what an item asks for: the test's kind, or 接收.</summary>
    public static string WhatKey(FollowUpItem item) => item.Test is { } test ? LabelKeys.Test(test.Kind) : "FollowUp.Handover";

    public static string FileName(FollowUpSheet sheet) =>
        string.Create(CultureInfo.InvariantCulture, $"follow-ups-{IsoDates.Format(sheet.On)}.csv");

    private static Guid UserId(ClaimsPrincipal user) =>
        user.StaffId() ?? Guid.Empty;
}
