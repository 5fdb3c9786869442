using EntryControl.Web.Features.Reports;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Reports;

/// <summary>指挥部日报: the day's figures for every checkpoint and community, the last 14 days as a chart, CSV.</summary>
public sealed class IndexModel(DailyReportService reports, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    public DailyReport? Report { get; private set; }

    public IReadOnlyList<TrendDay> Trend { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (DailyReportService.Day(Date, clock) is not { } day)
        {
            ModelState.AddModelError(nameof(Date), t["FollowUp.Date"]);
            day = Rules.ChinaTime.LocalDate(clock.GetUtcNow());
        }

        Date = IsoDates.Format(day);
        Report = await reports.ForAsync(day, cancellationToken);
        Trend = await reports.TrendAsync(day, ReportEndpoints.TrendDays, cancellationToken);
    }
}
