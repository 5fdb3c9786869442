using System.Security.Claims;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Idempotency;
using EntryControl.Web.Infrastructure.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Scans;

public static class ScanEndpoints
{
    public static IEndpointRouteBuilder MapScanEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/scans").WithTags("Checkpoint").RequireAuthorization(Roles.CheckpointOfficer);
        group.MapPost("/", async Task<Results<Ok<ScanResult>, ValidationProblem, ProblemHttpResult>> (ScanRequest request, ScanService service, HttpContext http, CancellationToken ct) =>
            (await service.ScanAsync(request, http.User, http.Language(), ct)).ToApiResult(TypedResults.Ok))
            .WithMetadata(new IdempotentAttribute());
        group.MapPost("/{scanId:guid}/outcome", async Task<Results<Ok<OutcomeResult>, ValidationProblem, ProblemHttpResult>> (Guid scanId, OutcomeRequest request, ScanService service, ClaimsPrincipal user, CancellationToken ct) =>
            (await service.RecordOutcomeAsync(scanId, request, user, ct)).ToApiResult(TypedResults.Ok));
        endpoints.MapPost("/api/v1/landing-tests/{tubeNumber}/result", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (string tubeNumber, LandingTestResultRequest request, ScanService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.RecordLandingTestResultAsync(tubeNumber, request, user, ct)).ToApiResult(_ => TypedResults.NoContent()))
            .WithTags("Checkpoint")
            .RequireAuthorization(policy => policy.RequireRole(Roles.CheckpointOfficer, Roles.Admin));
        return endpoints;
    }

    public static IServiceCollection AddScans(this IServiceCollection services)
    {
        services.AddScoped<ScanService>();
        services.AddSingleton<IValidator<ScanRequest>, ScanRequestValidator>();
        services.AddSingleton<IValidator<OutcomeRequest>, OutcomeRequestValidator>();
        return services;
    }
}
