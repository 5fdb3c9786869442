using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Reports;

public sealed record CheckpointRow(string Code, string Name, int Arrivals, IReadOnlyDictionary<string, int> Outcomes, int Late, int WalkIns);

/// <summary>A community's day; <c>Redecided</c>: 协查 re-decisions of its travelers that day, <c>MeasureChanged</c>: those that changed a measure.</summary>
public sealed record CommunityRow(string Code, string Name, int Arrivals, int UnderMeasure, int TestsDue, int TestsTaken, int Overdue, int Positives, int Redecided, int MeasureChanged);

public sealed record LandingTestFigures(int Taken, int Negative, int Positive, int Pending);

/// <summary>
/// 协查 check items of a destination county (null: the list named none): new that day, resolved that day, and still
/// open at the day's end.
/// </summary>
public sealed record CountyCheckItems(string? Region, string Name, int New, int Resolved, int Open);

/// <summary>
/// 日报告 for one China-time day: every checkpoint and community listed, zeros included (零报告). Arrivals, outcomes,
/// late and walk-in registrations and measures count travelers (declarations), not scans.
/// </summary>
public sealed record DailyReport(
    DateOnly Date,
    int Arrivals,
    IReadOnlyList<CheckpointRow> Checkpoints,
    IReadOnlyDictionary<string, int> Measures,
    LandingTestFigures LandingTests,
    int Positives,
    IReadOnlyList<CommunityRow> Communities,
    int OpenCheckItems,
    IReadOnlyList<CountyCheckItems> CheckItems);

public sealed record TrendDay(DateOnly Date, int Arrivals, int LandingTests, int TestsTaken, int Positives);

/// <summary>
/// 指挥部日报: arrivals by checkpoint and outcome, measures decided at the checkpoints, landing tests and results,
/// positives, and each community's follow-up figures. Read-only; nothing personal leaves it.
/// </summary>
public sealed class DailyReportService(EntryControlDbContext db, RegionCatalog regions, IStringLocalizer<SharedResource> t)
{
    /// <summary>The alerts the report counts as positives (a changed measure is an alert too, but not a positive).</summary>
    private static readonly AlertKind[] PositiveKinds = [AlertKind.PositiveLandingTest, AlertKind.PositiveFollowUpTest];

    /// <summary>Outcome keys as the API names them; <c>pending</c> is a scan with no action recorded yet.</summary>
    public static readonly IReadOnlyList<string> OutcomeKeys =
        [.. Enum.GetValues<ScanOutcome>().Select(o => LabelKeys.Camel(o)), "pending"];

    public static readonly IReadOnlyList<Measure> Measures = Enum.GetValues<Measure>();

    /// <summary>The day asked for, today (China time) when none is given, or null when it is not a YYYY-MM-DD date.</summary>
    public static DateOnly? Day(string? text, TimeProvider clock) =>
        string.IsNullOrWhiteSpace(text) ? Rules.ChinaTime.LocalDate(clock.GetUtcNow())
        : IsoDates.TryParseDate(text, out var day) ? day
        : null;

    public async Task<DailyReport> ForAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var start = ChinaTime.StartOfDay(date);
        var end = start.AddDays(1);
        var scans = await (
            from scan in db.CheckpointScans.AsNoTracking()
            join declaration in db.Declarations on scan.DeclarationId equals declaration.Id
            where scan.ScannedAt >= start && scan.ScannedAt < end && scan.Direction == ScanDirection.Entry
            select new { scan.Id, scan.ScannedAt, scan.RecordedAt, scan.CheckpointCode, scan.Outcome, scan.Measure, scan.TubeNumber, scan.LandingTestResult, declaration.CommunityCode, declaration.Registration, WalkIn = declaration.RegisteredBy != null, scan.DeclarationId })
            .ToListAsync(cancellationToken);

        // People, not scans: a traveler scanned three times at a checkpoint is one arrival there, with the outcome of
        // their latest scan (as on the checkpoint's own "today" list); one scanned at two checkpoints is an arrival at
        // each but one in the day's total and one in the measures.
        var atCheckpoints = scans.GroupBy(s => (s.DeclarationId, s.CheckpointCode)).Select(g => g.MaxBy(s => (s.ScannedAt, s.RecordedAt, s.Id))!).ToList();
        var travelers = atCheckpoints.GroupBy(s => s.DeclarationId).Select(g => g.MaxBy(s => (s.ScannedAt, s.RecordedAt, s.Id))!).ToList();
        var checkpoints = await db.Checkpoints.AsNoTracking().OrderBy(c => c.Code).Select(c => new { c.Code, c.Name }).ToListAsync(cancellationToken);
        var checkpointRows = checkpoints.ConvertAll(c =>
        {
            var here = atCheckpoints.Where(s => s.CheckpointCode == c.Code).ToList();
            var outcomes = OutcomeKeys.ToDictionary(k => k, k => here.Count(s => (s.Outcome is { } o ? LabelKeys.Camel(o) : "pending") == k), StringComparer.Ordinal);
            return new CheckpointRow(c.Code, c.Name, here.Count, outcomes, here.Count(s => s.Registration == RegistrationTiming.Late), here.Count(s => s.WalkIn));
        });

        var measures = Measures.ToDictionary(m => LabelKeys.Camel(m), m => travelers.Count(s => s.Measure == m), StringComparer.Ordinal);
        // Landing tests stay counted by tube: each is a sample taken and a result to wait for.
        var taken = scans.Where(s => s.TubeNumber != null).ToList();
        var landing = new LandingTestFigures(
            taken.Count,
            taken.Count(s => s.LandingTestResult == TestResult.Negative),
            taken.Count(s => s.LandingTestResult == TestResult.Positive),
            taken.Count(s => s.LandingTestResult == null));

        var alerts = await db.Alerts.AsNoTracking().Where(a => a.CreatedAt >= start && a.CreatedAt < end && PositiveKinds.Contains(a.Kind) && a.CommunityCode != null)
            .GroupBy(a => a.CommunityCode!).Select(g => new { Community = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Community, g => g.Count, cancellationToken);
        var changedMeasures = await db.Alerts.AsNoTracking().Where(a => a.CreatedAt >= start && a.CreatedAt < end && a.Kind == AlertKind.MeasureChanged && a.CommunityCode != null)
            .GroupBy(a => a.CommunityCode!).Select(g => new { Community = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Community, g => g.Count, cancellationToken);
        var redecided = await (
            from record in db.DecisionRecords.AsNoTracking()
            join declaration in db.Declarations on record.DeclarationId equals declaration.Id
            where record.Occasion == DecisionOccasion.Reevaluated && record.DecidedAt >= start && record.DecidedAt < end && declaration.CommunityCode != null
            group record by declaration.CommunityCode! into g
            select new { Community = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Community, g => g.Count, cancellationToken);
        var underMeasure = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where phase.Start <= date && phase.End >= date && declaration.Status == DeclarationStatus.Active
            group phase by phase.CommunityCode into g
            select new { Community = g.Key, Count = g.Select(p => p.DeclarationId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Community, g => g.Count, cancellationToken);
        var tests = await (
            from test in db.FollowUpTests.AsNoTracking()
            join declaration in db.Declarations on test.DeclarationId equals declaration.Id
            where declaration.Status == DeclarationStatus.Active && (test.Date <= date || (test.SampledAt >= start && test.SampledAt < end))
            group test by test.CommunityCode into g
            select new
            {
                Community = g.Key,
                Due = g.Count(x => x.Date == date && !x.Advisory),
                // A landing test that fulfils a day's test is counted with the landing tests, not again as the community's.
                Taken = g.Count(x => x.SampledAt >= start && x.SampledAt < end && x.TubeNumber == null),
                Overdue = g.Count(x => x.Date < date && !x.Advisory && (x.SampledAt == null || x.SampledAt >= end)),
            })
            .ToDictionaryAsync(g => g.Community, cancellationToken);

        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.Code).Select(c => new { c.Code, c.Name }).ToListAsync(cancellationToken);
        var communityRows = communities.ConvertAll(c => new CommunityRow(
            c.Code,
            c.Name,
            travelers.Count(s => s.CommunityCode == c.Code),
            underMeasure.GetValueOrDefault(c.Code),
            tests.TryGetValue(c.Code, out var figures) ? figures.Due : 0,
            figures?.Taken ?? 0,
            figures?.Overdue ?? 0,
            alerts.GetValueOrDefault(c.Code),
            redecided.GetValueOrDefault(c.Code),
            changedMeasures.GetValueOrDefault(c.Code)));

        var checkItems = await CheckItemsAsync(start, end, cancellationToken);
        return new DailyReport(date, travelers.Count, checkpointRows, measures, landing, alerts.Values.Sum(), communityRows, checkItems.Sum(c => c.Open), checkItems);
    }

    /// <summary>
    /// Check items belong to a county, not a community (a pushed list names where a traveler was going, not where they
    /// live): one row for every county with a community, zeros included, and any other county (or none) with figures.
    /// </summary>
    private async Task<IReadOnlyList<CountyCheckItems>> CheckItemsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var figures = await db.TraceItems.AsNoTracking()
            .Where(i => i.Status != TraceItemStatus.Matched && i.ImportedAt < end)
            .GroupBy(i => i.DestinationRegion)
            .Select(g => new
            {
                Region = g.Key,
                New = g.Count(i => i.ImportedAt >= start),
                Resolved = g.Count(i => i.ResolvedAt >= start && i.ResolvedAt < end),
                Open = g.Count(i => i.ResolvedAt == null || i.ResolvedAt >= end),
            })
            .ToListAsync(cancellationToken);
        var counties = await db.Communities.AsNoTracking().Select(c => c.Region).Distinct().ToListAsync(cancellationToken);
        var rows = counties.Select(c => (string?)c)
            .Union(figures.Where(f => f.New + f.Resolved + f.Open > 0).Select(f => f.Region))
            .Select(region => figures.FirstOrDefault(f => f.Region == region) is { } f
                ? new CountyCheckItems(region, CountyName(region), f.New, f.Resolved, f.Open)
                : new CountyCheckItems(region, CountyName(region), 0, 0, 0));
        return [.. rows.OrderBy(r => r.Region is null).ThenBy(r => r.Region, StringComparer.Ordinal)];
    }

    private string CountyName(string? region) =>
        region is null ? t["TraceItems.NoDestination"] : regions.Find(region)?.Name ?? region;

    /// <summary>The figures of the <paramref name="days"/> days ending on <paramref name="to"/>, for the chart.</summary>
    public async Task<IReadOnlyList<TrendDay>> TrendAsync(DateOnly to, int days, CancellationToken cancellationToken)
    {
        var from = to.AddDays(1 - days);
        var start = ChinaTime.StartOfDay(from);
        var end = ChinaTime.StartOfDay(to.AddDays(1));
        var scans = await db.CheckpointScans.AsNoTracking().Where(s => s.ScannedAt >= start && s.ScannedAt < end && s.Direction == ScanDirection.Entry)
            .Select(s => new { s.ScannedAt, Landing = s.TubeNumber != null, s.DeclarationId }).ToListAsync(cancellationToken);
        var tests = await db.FollowUpTests.AsNoTracking().Where(f => f.SampledAt >= start && f.SampledAt < end && f.TubeNumber == null)
            .Select(f => f.SampledAt!.Value).ToListAsync(cancellationToken);
        var alerts = await db.Alerts.AsNoTracking().Where(a => a.CreatedAt >= start && a.CreatedAt < end && PositiveKinds.Contains(a.Kind))
            .Select(a => a.CreatedAt).ToListAsync(cancellationToken);
        return Enumerable.Range(0, days).Select(i => from.AddDays(i)).Select(day => new TrendDay(
            day,
            scans.Where(s => ChinaTime.LocalDate(s.ScannedAt) == day).Select(s => s.DeclarationId).Distinct().Count(),
            scans.Count(s => s.Landing && ChinaTime.LocalDate(s.ScannedAt) == day),
            tests.Count(at => ChinaTime.LocalDate(at) == day),
            alerts.Count(at => ChinaTime.LocalDate(at) == day))).ToList();
    }

    /// <summary>The report as CSV for Excel (UTF-8 with BOM): one section per table, every row even at zero.</summary>
    public byte[] ToCsv(DailyReport report)
    {
        var csv = new ExcelCsv();
        void Line(params object?[] cells) => csv.Row(cells);
        Line(t["Report.Title"], IsoDates.Format(report.Date));
        Line(t["Report.Arrivals"], report.Arrivals);
        Line(t["Report.Positives"], report.Positives);
        Line();
        Line([t["Report.Checkpoint"].Value, t["Report.Code"].Value, t["Report.Arrivals"].Value, .. OutcomeKeys.Select(k => t["Outcome." + k].Value), t["Report.Late"].Value, t["Report.WalkIns"].Value]);
        foreach (var row in report.Checkpoints)
        {
            Line([row.Name, row.Code, row.Arrivals, .. OutcomeKeys.Select(k => (object)row.Outcomes[k]), row.Late, row.WalkIns]);
        }

        Line();
        Line(t["Report.Measure"], t["Report.Count"]);
        foreach (var (measure, count) in report.Measures)
        {
            Line(t["Measure." + measure], count);
        }

        Line();
        Line(t["Report.LandingTests"], t["Report.Taken"], t["Trip.Negative"], t["Trip.Positive"], t["FollowUp.ResultPending"]);
        Line(string.Empty, report.LandingTests.Taken, report.LandingTests.Negative, report.LandingTests.Positive, report.LandingTests.Pending);
        Line();
        Line(t["Csv.Community"], t["Report.Code"], t["Report.Arrivals"], t["Report.UnderMeasure"], t["Report.TestsDue"], t["Report.TestsTaken"], t["Report.Overdue"], t["Report.Positives"], t["Report.Redecided"], t["Report.MeasureChanged"]);
        foreach (var row in report.Communities)
        {
            Line(row.Name, row.Code, row.Arrivals, row.UnderMeasure, row.TestsDue, row.TestsTaken, row.Overdue, row.Positives, row.Redecided, row.MeasureChanged);
        }

        Line();
        Line(t["Report.CheckCounty"], t["Report.Code"], t["Report.CheckNew"], t["Report.CheckResolved"], t["Report.CheckOpen"]);
        foreach (var row in report.CheckItems)
        {
            Line(row.Name, row.Region, row.New, row.Resolved, row.Open);
        }

        return csv.ToBytes();
    }
}
