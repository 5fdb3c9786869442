using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/audit", async Task<Results<Ok<AuditPage>, ValidationProblem>> (string? user, string? subject, string? from, string? to, int? page, AuditLog audit, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                foreach (var (field, value) in new[] { ("from", from), ("to", to) })
                {
                    if (!string.IsNullOrWhiteSpace(value) && !IsoDates.TryParseDate(value, out _))
                    {
                        errors[field] = [t["FollowUp.Date"]];
                    }
                }

                if (page is < 1 or > Paging.MaxPage)
                {
                    errors["page"] = [t["Paging.Page"]];
                }

                return errors.Count > 0
                    ? TypedResults.ValidationProblem(errors)
                    : TypedResults.Ok(await audit.SearchAsync(new AuditQuery(user, subject, IsoDates.ParseDateOrNull(from), IsoDates.ParseDateOrNull(to), page ?? 1), ct));
            })
            .WithTags("Administration")
            .WithSummary("Search the audit log of personal-data views and exports (newest first, 50 a page)")
            .RequireAuthorization(Roles.Admin);
        return endpoints;
    }
}
