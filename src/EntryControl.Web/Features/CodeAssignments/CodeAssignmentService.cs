using System.Globalization;
using System.Security.Claims;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.CodeAssignments;

/// <summary>赋码: someone whose code the health-code platform turns red or yellow for a phase of their measure.</summary>
public sealed record CodeAssignment(Guid DeclarationId, string Name, IdType IdType, string IdNumber, string? Phone, HealthCode Colour, DateOnly From, DateOnly To, Measure Measure);

/// <summary>转绿: someone whose code turns green again from <c>From</c>.</summary>
public sealed record CodeRestoration(Guid DeclarationId, string Name, IdType IdType, string IdNumber, string? Phone, DateOnly From);

/// <summary>The feed for one China-time day (api.md "Measure lifecycle").</summary>
public sealed record CodeAssignmentList(IReadOnlyList<CodeAssignment> Assign, IReadOnlyList<CodeRestoration> Restore);

/// <summary>The feed and the day it is for.</summary>
public sealed record CodeAssignmentSheet(DateOnly On, CodeAssignmentList Lists);

/// <summary>
/// 赋码管理 (seed 001 一、四、六): the feed for the health-code platform. <c>assign</c> lists everyone under a coloured
/// phase of their latest decision on the day (the rows <c>FollowUpPlanner</c> keeps in <c>measure_phases</c>), with the
/// phase's days; <c>restore</c> lists everyone whose code turns green that day. Full document numbers: the platform keys
/// on them, so every call is written to the audit log before the list leaves.
/// </summary>
public sealed class CodeAssignmentService(EntryControlDbContext db, AuditLog audit, IOptions<CodeColourOptions> colours, IStringLocalizer<SharedResource> t)
{
    public const string AuditSubject = "codeAssignments";

    /// <summary>
    /// The lists for <paramref name="on"/> (YYYY-MM-DD, required: a feed for "today" would silently change meaning at
    /// midnight), written to the audit log as a view or an export.
    /// </summary>
    public async Task<ServiceResult<CodeAssignmentSheet>> ListAsync(ClaimsPrincipal user, string? on, AuditAction action, CancellationToken cancellationToken)
    {
        if (!IsoDates.TryParseDate(on, out var day))
        {
            return ServiceResult.Invalid<CodeAssignmentSheet>("on", t["CodeAssignments.On"]);
        }

        var list = await ForAsync(day, cancellationToken);
        await audit.WriteAsync(user, action, AuditSubject, string.Create(CultureInfo.InvariantCulture, $"on {IsoDates.Format(day)}: assign {list.Assign.Count}, restore {list.Restore.Count}"),
            list.Assign.Count + list.Restore.Count, cancellationToken);
        return new CodeAssignmentSheet(day, list);
    }

    private async Task<CodeAssignmentList> ForAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var options = colours.Value;
        var coloured = options.Coloured();
        var endOfDay = ChinaTime.StartOfDay(day.AddDays(1));
        var running = await (
            from phase in db.MeasurePhases.AsNoTracking()
            join declaration in db.Declarations on phase.DeclarationId equals declaration.Id
            where phase.Start <= day && phase.End >= day && coloured.Contains(phase.Measure) && !phase.Advisory && declaration.Status == DeclarationStatus.Active
                  // Released (解除) by the end of the day: their code turns green, whatever the phases said.
                  && !db.MeasureReleases.Any(r => r.DeclarationId == phase.DeclarationId && r.ReleasedAt < endOfDay)
            select new { phase.DeclarationId, declaration.TravelerName, declaration.IdType, declaration.IdNumber, declaration.Phone, phase.Measure, phase.Start, phase.End })
            .ToListAsync(cancellationToken);
        // Phases of one decision follow each other; should two touch the same day, the stricter colour is the one given.
        var assign = running
            .GroupBy(row => row.DeclarationId)
            .Select(rows => rows.MaxBy(row => (options.ColourOf(row.Measure), row.Start))!)
            .Select(row => new CodeAssignment(row.DeclarationId, row.TravelerName, row.IdType, row.IdNumber, row.Phone, options.ColourOf(row.Measure)!.Value, row.Start, row.End, row.Measure))
            .OrderBy(a => a.Colour == HealthCode.Red ? 0 : 1).ThenBy(a => a.From).ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.DeclarationId)
            .ToList();

        var turningGreen = RestoreSources(day, coloured).Aggregate(Queryable.Union);
        var restore = await db.Declarations.AsNoTracking()
            .Where(d => turningGreen.Contains(d.Id) && d.Status == DeclarationStatus.Active)
            .OrderBy(d => d.TravelerName).ThenBy(d => d.Id)
            .Select(d => new CodeRestoration(d.Id, d.TravelerName, d.IdType, d.IdNumber, d.Phone, day))
            .ToListAsync(cancellationToken);
        return new CodeAssignmentList(assign, restore);
    }

    /// <summary>
    /// Why a code turns green on <paramref name="on"/>, one query of declaration ids per reason, united in SQL: the last
    /// coloured phase ended the day before, or the community released the traveler (解除) that day.
    /// </summary>
    private IEnumerable<IQueryable<Guid>> RestoreSources(DateOnly on, IReadOnlyList<Measure> coloured)
    {
        var dayBefore = on.AddDays(-1);
        yield return db.MeasurePhases
            .Where(p => p.End == dayBefore && coloured.Contains(p.Measure) && !p.Advisory
                        && !db.MeasurePhases.Any(later => later.DeclarationId == p.DeclarationId && later.End > dayBefore && coloured.Contains(later.Measure) && !later.Advisory))
            .Select(p => p.DeclarationId);
        var start = ChinaTime.StartOfDay(on);
        var end = ChinaTime.StartOfDay(on.AddDays(1));
        yield return db.MeasureReleases
            .Where(r => r.ReleasedAt >= start && r.ReleasedAt < end
                        && db.MeasurePhases.Any(p => p.DeclarationId == r.DeclarationId && coloured.Contains(p.Measure) && !p.Advisory))
            .Select(r => r.DeclarationId);
    }

    /// <summary>One file for both lists, UTF-8 with BOM and CRLF (<see cref="ExcelCsv"/>); codes as the API names them.</summary>
    public byte[] ToCsv(CodeAssignmentSheet sheet)
    {
        var list = sheet.Lists;
        var csv = new ExcelCsv();
        csv.Row(t["CodeAssignments.Action"], t["CodeAssignments.DeclarationId"], t["Csv.Name"], t["CodeAssignments.IdType"], t["Csv.IdNumber"], t["Csv.Phone"],
            t["CodeAssignments.Colour"], t["CodeAssignments.From"], t["CodeAssignments.To"], t["Csv.Measure"]);
        foreach (var a in list.Assign)
        {
            csv.Row("assign", a.DeclarationId, a.Name, ApiNames.Name(a.IdType), a.IdNumber, a.Phone, ApiNames.Name(a.Colour), IsoDates.Format(a.From), IsoDates.Format(a.To), ApiNames.Name(a.Measure));
        }

        foreach (var r in list.Restore)
        {
            csv.Row("restore", r.DeclarationId, r.Name, ApiNames.Name(r.IdType), r.IdNumber, r.Phone, ApiNames.Name(HealthCode.Green), IsoDates.Format(r.From), null, null);
        }

        return csv.ToBytes();
    }

    public static string FileName(CodeAssignmentSheet sheet) =>
        string.Create(CultureInfo.InvariantCulture, $"code-assignments-{IsoDates.Format(sheet.On)}.csv");
}
