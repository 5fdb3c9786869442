using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.Audit;

public sealed record AuditView(long Id, DateTimeOffset At, string? User, AuditAction Action, string Subject, string Detail, int Records);

public sealed record AuditQuery(string? User, string? Subject, DateOnly? From, DateOnly? To, int Page = 1);

public sealed record AuditPage(IReadOnlyList<AuditView> Entries, int Page, bool HasMore);

/// <summary>
/// 审计日志: every view or export of personal data is written here, in its own short transaction, before the data
/// leaves the server; admins search it.
/// </summary>
public sealed class AuditLog(EntryControlDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task WriteAsync(ClaimsPrincipal user, AuditAction action, string subject, string detail, int records, CancellationToken cancellationToken)
    {
        var id = user.StaffId();
        var email = id is null ? null : user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
        var at = clock.GetUtcNow().ToUniversalTime();
        var actionName = action.ToString();
        var text = detail.Length > 200 ? detail[..200] : detail;
        // A statement of its own, not SaveChanges: the caller's unsaved changes must not be flushed by the audit.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO audit_log (at, user_id, user_email, action, subject, detail, records) VALUES ({at}, {id}, {email}, {actionName}, {subject}, {text}, {records})",
            cancellationToken);
    }

    /// <summary>Newest first; <paramref name="query"/> filters by user email (contains), subject and China-time days.</summary>
    public async Task<AuditPage> SearchAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var pattern = "%" + query.User.Trim().Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            entries = entries.Where(e => e.UserEmail != null && EF.Functions.ILike(e.UserEmail, pattern));
        }

        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            entries = entries.Where(e => e.Subject == query.Subject.Trim());
        }

        if (query.From is { } from)
        {
            var start = Rules.ChinaTime.StartOfDay(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = Rules.ChinaTime.StartOfDay(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        var page = Math.Clamp(query.Page, 1, Paging.MaxPage);
        var rows = await entries.OrderByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1)
            .Select(e => new AuditView(e.Id, e.At, e.UserEmail, e.Action, e.Subject, e.Detail, e.Records))
            .ToListAsync(cancellationToken);
        return new AuditPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }
}
