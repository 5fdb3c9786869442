using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.FollowUps;

/// <summary>社区跟踪: a worker's day — tests overdue, due and coming up, who is under a measure, recording a test.</summary>
public sealed class IndexModel(FollowUpService followUps, AlertService alerts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? On { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Community { get; set; }

    public FollowUpSheet? Sheet { get; private set; }

    public IReadOnlyList<string> Covered { get; private set; } = [];

    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    /// <summary>The row a failed recording belongs to, and why it failed.</summary>
    public string? FailedRow { get; private set; }

    public IReadOnlyList<string> RowErrors { get; private set; } = [];

    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The sampling time a recording form starts with: now, China time, to the minute.</summary>
    public string Now => clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string RowId(FollowUpItem item) => $"{item.DeclarationId:N}-{IsoDates.Format(item.Test.Date)}-{LabelKeys.Camel(item.Test.Kind)}";

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
    }
}
