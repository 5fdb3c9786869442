using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Reports;

public static class ReportEndpoints
{
    public const int TrendDays = 14;

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/reports").WithTags("Command center")
            .RequireAuthorization(StaffPolicies.Reports);
        group.MapGet("/daily", async Task<Results<Ok<DailyReport>, ValidationProblem>> (string? date, DailyReportService reports, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                DailyReportService.Day(date, clock) is { } day ? TypedResults.Ok(await reports.ForAsync(day, ct)) : Invalid("date", t))
            .WithSummary("日报告 for `date` (default today, China time): every checkpoint and community, zeros included");
        group.MapGet("/daily.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (string? date, DailyReportService reports, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                DailyReportService.Day(date, clock) is { } day
                    ? TypedResults.File(reports.ToCsv(await reports.ForAsync(day, ct)), "text/csv; charset=utf-8", $"daily-report-{IsoDates.Format(day)}.csv")
                    : Invalid("date", t))
            .WithSummary("The daily report as CSV for Excel (UTF-8 with BOM)");
        group.MapGet("/trend", async Task<Results<Ok<IReadOnlyList<TrendDay>>, ValidationProblem>> (string? to, DailyReportService reports, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                DailyReportService.Day(to, clock) is { } day ? TypedResults.Ok(await reports.TrendAsync(day, TrendDays, ct)) : Invalid("to", t))
            .WithSummary("The 14 days ending on `to`: arrivals, landing tests, follow-up tests taken, positives");
        return endpoints;
    }

    public static IServiceCollection AddReports(this IServiceCollection services) => services.AddScoped<DailyReportService>();

    private static ValidationProblem Invalid(string field, IStringLocalizer<SharedResource> t) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [t["FollowUp.Date"]] });
}
