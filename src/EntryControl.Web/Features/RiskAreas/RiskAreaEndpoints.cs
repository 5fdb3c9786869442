using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.RiskAreas;

public static class RiskAreaEndpoints
{
    public static IEndpointRouteBuilder MapRiskAreaEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Designations were published openly; reading is public (the policy lookup shows a county's areas).
        var group = endpoints.MapGroup("/api/v1/risk-areas").WithTags("Risk areas");
        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<RiskAreaView>>, ValidationProblem>> (string? region, string? activeOn, RiskAreaService service, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
        {
            DateOnly? day = null;
            if (!string.IsNullOrWhiteSpace(activeOn))
            {
                if (!IsoDates.TryParseDate(activeOn, out var parsed))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["activeOn"] = [t["RiskAreas.ActiveOnInvalid"]] });
                }

                day = parsed;
            }

            return TypedResults.Ok(await service.ListAsync(region, day, ct));
        });
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
