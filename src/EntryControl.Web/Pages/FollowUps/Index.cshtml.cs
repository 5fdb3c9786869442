using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Pages.TraceLists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.FollowUps;

/// <summary>
/// 社区跟踪: a worker's day — travelers of pushed lists to check (待核查), tests overdue, due and coming up, who is under a
/// measure, recording a test or a check.
/// </summary>
public sealed class IndexModel(FollowUpService followUps, ReleaseService releases, DeclarationService declarations, AlertService alerts, TraceListService traceLists, RegionCatalog regions, TimeProvider clock) : PageModel
{
    /// <summary>The check items a phone shows at once; a county with more works through them a page at a time.</summary>
    public const int CheckItemsShown = 100;

    [BindProperty(SupportsGet = true)]
    public string? On { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    public FollowUpSheet? Sheet { get; private set; }

    public IReadOnlyList<string> Covered { get; private set; } = [];

    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    /// <summary>Every decision of the people under a measure (declared, amended, scanned, re-decided after a registry change).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<DecisionHistoryItem>> Histories { get; private set; } = new Dictionary<Guid, IReadOnlyList<DecisionHistoryItem>>();

    /// <summary>The row a failed recording belongs to, and why it failed.</summary>
    public string? FailedRow { get; private set; }

    public IReadOnlyList<string> RowErrors { get; private set; } = [];

    /// <summary>The traveler a refused release belongs to, and why it was refused.</summary>
    public Guid? FailedRelease { get; private set; }

    public string? ReleaseProblem { get; private set; }

    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The open check items of the worker's counties.</summary>
    public Paged<TraceItemView>? CheckItems { get; private set; }

    /// <summary>The check item a refused recording belongs to, with what was posted and why it was refused.</summary>
    public Guid? FailedCheck { get; private set; }

    public ResolveTraceItem? PostedCheck { get; private set; }

    public IDictionary<string, string[]> CheckErrors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public string? CheckProblem { get; private set; }

    /// <summary>The full contact details of the check item the worker asked to see.</summary>
    public TraceContact? Contact { get; private set; }

    public string CheckAction => Url.Page("/FollowUps/Index", "ResolveCheck", new { On, Community }) ?? "/community";

    public string ContactLink(TraceItemView item) =>
        (Url.Page("/FollowUps/Index", "Contact", new { On, Community, item = item.Id }) ?? "/community") + $"#check-{item.Id:N}";

    public string? CountyName(string? code) => CheckItemCard.CountyName(regions, code);

    /// <summary>The sampling time a recording form starts with: now, China time, to the minute.</summary>
    public string Now => clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string RowId(FollowUpItem item) => $"{item.DeclarationId:N}-{IsoDates.Format(item.Date)}-{(item.Test is { } test ? LabelKeys.Camel(test.Kind) : "handover")}";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var sheet = await followUps.SheetAsync(User, On, Community, AuditAction.Export, cancellationToken);
        if (sheet is ServiceResult<FollowUpSheet>.Ok ok)
        {
            return File(followUps.ToCsv(ok.Value), "text/csv; charset=utf-8", FollowUpService.FileName(ok.Value));
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetContactAsync(Guid item, CancellationToken cancellationToken)
    {
        (await traceLists.ContactAsync(User, item, cancellationToken)).Switch(
            contact => Contact = contact,
            _ => { },
            failure =>
            {
                FailedCheck = item;
                CheckProblem = failure.Detail;
            });
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResolveCheckAsync(Guid item, string? outcome, string? note, string? declarationCode, CancellationToken cancellationToken)
    {
        var request = new ResolveTraceItem(outcome, note, declarationCode);
        var resolved = await traceLists.ResolveAsync(User, item, request, cancellationToken);
        if (resolved is ServiceResult<TraceItemView>.Ok)
        {
            Status = "TraceItems.CheckRecorded";
            return RedirectToPage(new { On, Community });
        }

        FailedCheck = item;
        PostedCheck = request;
        resolved.Switch(_ => { }, errors => CheckErrors = errors, failure => CheckProblem = failure.Detail);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(Guid declarationId, string date, string kind, string? sampledAt, string? result, CancellationToken cancellationToken)
    {
        // The form's datetime-local value is China time without an offset.
        var instant = IsoDates.ChinaLocalInstant(sampledAt);
        var recorded = await followUps.RecordAsync(User, new RecordTestRequest(declarationId, date, kind, instant, result), cancellationToken);
        if (recorded is ServiceResult<RecordedTest>.Ok ok)
        {
            Status = ok.Value.Alert ? "FollowUp.RecordedPositive" : "FollowUp.Recorded";
            return RedirectToPage(new { On, Community });
        }

        FailedRow = $"{declarationId:N}-{date}-{kind}";
        RowErrors = recorded.Match<IReadOnlyList<string>>(
            _ => [],
            errors => [.. errors.SelectMany(e => e.Value)],
            failure => [failure.Detail]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResultAsync(Guid testId, string? row, string? result, CancellationToken cancellationToken)
    {
        var entered = await followUps.EnterResultAsync(User, testId, new TestResultRequest(result), cancellationToken);
        if (entered is ServiceResult<RecordedTest>.Ok ok)
        {
            Status = ok.Value.Alert ? "FollowUp.RecordedPositive" : "FollowUp.ResultEntered";
            return RedirectToPage(new { On, Community });
        }

        FailedRow = row;
        RowErrors = entered.Match<IReadOnlyList<string>>(
            _ => [],
            errors => [.. errors.SelectMany(e => e.Value)],
            failure => [failure.Detail]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid declarationId, bool @override, string? reason, CancellationToken cancellationToken)
    {
        var released = await releases.ReleaseAsync(User, declarationId, new ReleaseRequest(null, @override, reason), cancellationToken);
        if (released is ServiceResult<Released>.Ok)
        {
            Status = "Release.Done";
            return RedirectToPage(new { On, Community });
        }

        FailedRelease = declarationId;
        ReleaseProblem = released.Match(
            _ => string.Empty,
            errors => string.Join(" ", errors.SelectMany(e => e.Value)),
            failure => failure.Detail);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Covered = await followUps.CommunitiesOfAsync(User, cancellationToken);
        (await followUps.SheetAsync(User, On, Community, AuditAction.View, cancellationToken)).Switch(
            sheet =>
            {
                Sheet = sheet;
                On = IsoDates.Format(sheet.On);
            },
            errors => ModelState.AddServiceErrors(errors, new FormFields(string.Empty)
            {
                Renamed = new Dictionary<string, string>(StringComparer.Ordinal) { ["on"] = nameof(On), ["community"] = nameof(Community) },
            }),
            failure => Problem = failure.Detail);

        Alerts = (await alerts.ListAsync(User, cancellationToken)).Take(5).ToList();
        if (Sheet is { People.Count: > 0 } listed)
        {
            Histories = await declarations.HistoriesAsync([.. listed.People.Select(p => p.DeclarationId).Distinct()], cancellationToken);
        }
        if (Covered.Count > 0
            && await traceLists.ListItemsAsync(User, new TraceItemQuery("open", PageSize: CheckItemsShown), cancellationToken) is ServiceResult<Paged<TraceItemView>>.Ok open)
        {
            CheckItems = open.Value;
        }
    }
}
