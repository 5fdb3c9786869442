using System.Security.Claims;
using EntryControl.Web.Features.Auth;

namespace EntryControl.Web.Features.Alerts;

public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/alerts", async (AlertService service, ClaimsPrincipal user, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(user, ct)))
            .WithTags("Alerts")
            .WithSummary("Alerts for the caller's communities (all of them for the command center and admins), newest first")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin, Roles.CommandCenter, Roles.CommunityWorker));
        return endpoints;
    }

    public static IServiceCollection AddAlerts(this IServiceCollection services) => services.AddScoped<AlertService>();
}
