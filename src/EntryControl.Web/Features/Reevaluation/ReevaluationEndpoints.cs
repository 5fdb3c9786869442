using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Quartz;

namespace EntryControl.Web.Features.Reevaluation;

public static class ReevaluationEndpoints
{
    public static IEndpointRouteBuilder MapReevaluationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/risk-areas/impact", async Task<Results<Ok<ImpactView>, ValidationProblem, ProblemHttpResult>> (ImpactRequest request, ReevaluationService service, CancellationToken ct) =>
                (await service.PreviewAsync(request, ct)).ToApiResult(TypedResults.Ok))
            .WithTags("Re-evaluation")
            .WithSummary("What a registry write would do to current declarations (persists nothing)")
            .RequireAuthorization(Roles.Admin);
        var changes = endpoints.MapGroup("/api/v1/registry-changes").WithTags("Re-evaluation").RequireAuthorization(Roles.Admin);
        changes.MapGet("/", async (int? page, ReevaluationService service, CancellationToken ct) => TypedResults.Ok(await service.ListChangesAsync(page ?? 1, ct)))
            .WithSummary("Registry changes, newest first, with the progress of their re-decisions");
        changes.MapGet("/{id:guid}", async Task<Results<Ok<RegistryChangeView>, ValidationProblem, ProblemHttpResult>> (Guid id, ReevaluationService service, CancellationToken ct) =>
            (await service.FindChangeAsync(id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("One registry change and how far its re-decisions have got");
        return endpoints;
    }

    public static IServiceCollection AddReevaluation(this IServiceCollection services)
    {
        services.AddOptions<ReevaluationOptions>().BindConfiguration(ReevaluationOptions.Section)
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Reevaluation:BatchSize must be between 1 and 10000.")
            .Validate(o => o.SampleSize is >= 0 and <= 500, "Reevaluation:SampleSize must be between 0 and 500.")
            .ValidateOnStart();
        services.AddScoped<ReevaluationService>();
        services.AddScoped<PolicyVersionPublisher>();
        services.AddScoped<RegistryChangeScheduler>();
        services.AddScoped<IRegistryChangeListener>(provider => provider.GetRequiredService<RegistryChangeScheduler>());
        services.ConfigureAllQuartzSchedulers(quartz => quartz
            .AddJob<UnfinishedChangesJob>(job => job.WithIdentity(UnfinishedChangesJob.Key).StoreDurably())
            .AddTrigger(trigger => trigger.ForJob(UnfinishedChangesJob.Key).WithIdentity("unfinished-registry-changes-every-30s", ReevaluateChangeJob.Group)
                .StartNow().WithSimpleSchedule(TimeSpan.FromSeconds(30))));
        return services;
    }
}
