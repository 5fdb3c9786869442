using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.RiskAreas;

public static class RiskAreaEndpoints
{
    public static IEndpointRouteBuilder MapRiskAreaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Designations were published openly; reading is public (the policy lookup shows a county's areas).
        var group = endpoints.MapGroup("/api/v1/risk-areas").WithTags("Risk areas");
        // Anonymous and once 200,000 rows in one answer: paged (api.md, Conventions) and rate limited.
        group.MapGet("/", async Task<Results<Ok<Paged<RiskAreaView>>, ValidationProblem, ProblemHttpResult>> (string? region, string? activeOn, int? page, int? pageSize, RiskAreaService service, CancellationToken ct) =>
            (await service.ListPageAsync(region, activeOn, page, pageSize, ct)).ToApiResult(TypedResults.Ok))
            .RequireRateLimiting(EvaluationEndpoints.PublicRateLimit);
        group.MapGet("/{id:guid}", async Task<Results<Ok<RiskAreaView>, ValidationProblem, ProblemHttpResult>> (Guid id, RiskAreaService service, CancellationToken ct) =>
            (await service.FindAsync(id, ct)).ToApiResult(TypedResults.Ok));
        group.MapPost("/", async Task<Results<Created<RiskAreaView>, ValidationProblem, ProblemHttpResult>> (RiskAreaInput input, RiskAreaService service, CancellationToken ct) =>
            (await service.CreateAsync(input, ct)).ToApiResult(r => TypedResults.Created($"/api/v1/risk-areas/{r.Id}", r)))
            .RequireAuthorization(Roles.Admin);
        group.MapPut("/{id:guid}", async Task<Results<Ok<RiskAreaView>, ValidationProblem, ProblemHttpResult>> (Guid id, RiskAreaInput input, RiskAreaService service, CancellationToken ct) =>
            (await service.UpdateAsync(id, input, ct)).ToApiResult(TypedResults.Ok))
            .RequireAuthorization(Roles.Admin);
        group.MapDelete("/{id:guid}", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (Guid id, RiskAreaService service, HttpResponse response, CancellationToken ct) =>
            (await service.DeleteAsync(id, ct)).ToApiResult(change =>
            {
                // 204 has no body: the registry change the delete made is named in a header.
                response.Headers["Registry-Change"] = change.ToString();
                return TypedResults.NoContent();
            }))
            .RequireAuthorization(Roles.Admin);
        return endpoints;
    }
}
