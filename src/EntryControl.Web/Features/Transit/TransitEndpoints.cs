using EntryControl.Web.Features.Auth;

namespace EntryControl.Web.Features.Transit;

public static class TransitEndpoints
{
    public static IEndpointRouteBuilder MapTransitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/transit/overdue", async (TransitService service, CancellationToken ct) => TypedResults.Ok(await service.OverdueAsync(ct)))
            .WithTags("Command center")
            .WithSummary("途经: transit drivers with an entry scan and no exit scan within Transit:MaxHours (default 24), longest inside first")
            .RequireAuthorization(StaffPolicies.Reports);
        return endpoints;
    }

    public static IServiceCollection AddTransit(this IServiceCollection services)
    {
        services.AddOptions<TransitOptions>().BindConfiguration(TransitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TransitService>();
        return services;
    }
}
