using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.Alerts;

public sealed record AlertView(Guid Id, Guid DeclarationId, string TravelerName, string? Community, AlertKind Kind, DateTimeOffset CreatedAt);

/// <summary>
/// 预警: the features that learn something a community must act on (a positive landing test, a positive follow-up test)
/// raise an alert here; workers see those of their communities, the command center and admins see all.
/// </summary>
public sealed class AlertService(EntryControlDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Adds an alert to the caller's unit of work: it is saved with the change that raised it.</summary>
    public void Raise(Guid declarationId, string? communityCode, AlertKind kind) =>
        db.Alerts.Add(new Alert
        {
            Id = Guid.CreateVersion7(),
            DeclarationId = declarationId,
            CommunityCode = communityCode,
            Kind = kind,
            CreatedAt = clock.GetUtcNow().ToUniversalTime(),
        });

    /// <summary>Newest first: the command center and admins see all; a community worker only those of their communities.</summary>
    public async Task<IReadOnlyList<AlertView>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var query = db.Alerts.AsNoTracking();
        if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.CommandCenter))
        {
            var userId = user.StaffId() ?? Guid.Empty;
            var communities = db.StaffCommunities.Where(c => c.UserId == userId).Select(c => c.CommunityCode);
            query = query.Where(a => communities.Contains(a.CommunityCode));
        }

        var alerts = await (
            from alert in query
            join declaration in db.Declarations on alert.DeclarationId equals declaration.Id
            orderby alert.CreatedAt descending
            select new AlertView(alert.Id, alert.DeclarationId, declaration.TravelerName, alert.CommunityCode, alert.Kind, alert.CreatedAt))
            .ToListAsync(cancellationToken);
        if (alerts.Count > 0)
        {
            await audit.WriteAsync(user, AuditAction.View, "alerts", string.Join(' ', alerts.Select(a => a.Community).Distinct().Order(StringComparer.Ordinal)), alerts.Count, cancellationToken);
        }

        return alerts;
    }
}
