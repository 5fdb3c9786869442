using EntryControl.Web.Features.Reports;
using EntryControl.Web.Features.Transit;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Reports;

/// <summary>指挥部日报: the day's figures for every checkpoint and community, the last 14 days as a chart, CSV.</summary>
public sealed class IndexModel(DailyReportService reports, TransitService transit, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Date { get; set; }

    public DailyReport? Report { get; private set; }

    public IReadOnlyList<TrendDay> Trend { get; private set; } = [];

    /// <summary>途经 transit drivers still inside the city longer than <see cref="OverdueHours"/> (as of now, whatever the day shown).</summary>
    public IReadOnlyList<OverdueTransit> OverdueTransit { get; private set; } = [];

    public int OverdueHours => transit.MaxHours;

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
        OverdueTransit = await transit.OverdueAsync(cancellationToken);
    }
}
