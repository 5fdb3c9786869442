using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Checkpoints;

public static class CheckpointEndpoints
{
    public static IEndpointRouteBuilder MapCheckpointEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/checkpoints").WithTags("Reference data").RequireAuthorization(StaffPolicies.AnyStaff);
        group.MapGet("/", async (CheckpointService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)));
        group.MapGet("/{code}", async Task<Results<Ok<CheckpointView>, ValidationProblem, ProblemHttpResult>> (string code, CheckpointService service, CancellationToken ct) =>
            (await service.FindAsync(code, ct)).ToApiResult(TypedResults.Ok));
        group.MapPost("/", async Task<Results<Created<CheckpointView>, ValidationProblem, ProblemHttpResult>> (CheckpointInput input, CheckpointService service, CancellationToken ct) =>
            (await service.CreateAsync(input, ct)).ToApiResult(c => TypedResults.Created($"/api/v1/checkpoints/{c.Code}", c)))
            .RequireAuthorization(Roles.Admin);
        group.MapPut("/{code}", async Task<Results<Ok<CheckpointView>, ValidationProblem, ProblemHttpResult>> (string code, CheckpointInput input, CheckpointService service, CancellationToken ct) =>
            (await service.UpdateAsync(code, input, ct)).ToApiResult(TypedResults.Ok))
            .RequireAuthorization(Roles.Admin);
        group.MapDelete("/{code}", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (string code, CheckpointService service, CancellationToken ct) =>
            (await service.DeleteAsync(code, ct)).ToApiResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(Roles.Admin);
        return endpoints;
    }
}
