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
}

public sealed record FollowUpTraveler(string Name, string? Phone, string IdNumber);

public sealed record FollowUpTestRef(DateOnly Date, TestKind Kind);

/// <summary>One line of the worker's list (api.md), with where to find the traveler.</summary>
public sealed record FollowUpItem(
    Guid DeclarationId,
    FollowUpTraveler Traveler,
    string Community,
    string Address,
    Measure Measure,
    DateOnly PhaseEnd,
    FollowUpTestRef Test,
    FollowUpStatus Status);

/// <summary>Someone under a measure on the day: which, and until when.</summary>
public sealed record UnderMeasure(Guid DeclarationId, FollowUpTraveler Traveler, string Community, string Address, Measure Measure, DateOnly Start, DateOnly End, DateOnly MeasureEnd);

public sealed record FollowUpSheet(DateOnly On, IReadOnlyList<string> Communities, IReadOnlyList<FollowUpItem> Tests, IReadOnlyList<UnderMeasure> People);

public sealed record RecordedTest(Guid DeclarationId, DateOnly Date, TestKind Kind, DateTimeOffset SampledAt, TestResult? Result, bool Alert);

/// <summary>
/// 社区跟踪: keeps each declaration's tests and measure phases in step with its latest decision, lists what a worker's
/// communities must do on a day, records tests, and raises an alert on a positive result.
/// </summary>
public sealed class FollowUpService(
    EntryControlDbContext db,
    AuditLog audit,
    AlertService alerts,
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
            where covered.Contains(test.CommunityCode) && test.SampledAt == null && test.Date <= horizon
                  && declaration.Status == DeclarationStatus.Active
            orderby test.Date, declaration.TravelerName, test.Kind
            select new { test, declaration.TravelerName, declaration.Phone, declaration.IdNumber, declaration.Address })
            .ToListAsync(cancellationToken);
        var items = tests.ConvertAll(row => new FollowUpItem(
            row.test.DeclarationId,
            new FollowUpTraveler(row.TravelerName, row.Phone, IdentityDocuments.Mask(row.IdNumber)),
            row.test.CommunityCode,
            row.Address,
            row.test.Measure,
            row.test.PhaseEnd,
            new FollowUpTestRef(row.test.Date, row.test.Kind),
            row.test.Date < day ? FollowUpStatus.Overdue : row.test.Date == day ? FollowUpStatus.Due : FollowUpStatus.Upcoming));

        var phases = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where covered.Contains(phase.CommunityCode) && phase.Start <= day && phase.End >= day && declaration.Status == DeclarationStatus.Active
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
        var people = phases.ConvertAll(row => new UnderMeasure(
            row.phase.DeclarationId,
            new FollowUpTraveler(row.TravelerName, row.Phone, IdentityDocuments.Mask(row.IdNumber)),
            row.phase.CommunityCode,
            row.Address,
            row.phase.Measure,
            row.phase.Start,
            row.phase.End,
            row.Last));

        var seen = items.Select(i => i.DeclarationId).Concat(people.Select(p => p.DeclarationId)).Distinct().Count();
        await audit.WriteAsync(worker, action, "followUps", $"{string.Join(' ', covered)} {IsoDates.Format(day)}", seen, cancellationToken);
        return new FollowUpSheet(day, covered, items, people);
    }

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
        return new RecordedTest(test.DeclarationId, test.Date, test.Kind, test.SampledAt!.Value, test.Result, raiseAlert);
    }

    /// <summary>The sheet as CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF lines, IDs masked.</summary>
    public byte[] ToCsv(FollowUpSheet sheet)
    {
        var csv = new ExcelCsv();
        void Line(params string?[] cells) => csv.Row(cells);
        Line(t["Csv.Status"], t["Csv.TestDate"], t["Csv.TestKind"], t["Csv.Name"], t["Csv.IdNumber"], t["Csv.Phone"], t["Csv.Community"], t["Csv.Address"], t["Csv.Measure"], t["Csv.PhaseEnd"]);
        foreach (var item in sheet.Tests)
        {
            Line(t["FollowUp.Status." + LabelKeys.Camel(item.Status)], IsoDates.Format(item.Test.Date), t[LabelKeys.Test(item.Test.Kind)], item.Traveler.Name, item.Traveler.IdNumber,
                item.Traveler.Phone, item.Community, item.Address, t[LabelKeys.Measure(item.Measure)], IsoDates.Format(item.PhaseEnd));
        }

        foreach (var person in sheet.People.Where(p => sheet.Tests.All(i => i.DeclarationId != p.DeclarationId)))
        {
            Line(t["FollowUp.Status.underMeasure"], string.Empty, string.Empty, person.Traveler.Name, person.Traveler.IdNumber,
                person.Traveler.Phone, person.Community, person.Address, t[LabelKeys.Measure(person.Measure)], IsoDates.Format(person.End));
        }

        return csv.ToBytes();
    }

    public static string FileName(FollowUpSheet sheet) =>
        string.Create(CultureInfo.InvariantCulture, $"follow-ups-{IsoDates.Format(sheet.On)}.csv");

    private static Guid UserId(ClaimsPrincipal user) =>
        user.StaffId() ?? Guid.Empty;
}
