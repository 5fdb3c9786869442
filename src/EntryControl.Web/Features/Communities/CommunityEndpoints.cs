using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Communities;

public static class CommunityEndpoints
{
    public static IEndpointRouteBuilder MapCommunityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Staff read (api.md); the travelers' wizard lists communities through the service, in-process.
        var group = endpoints.MapGroup("/api/v1/communities").WithTags("Reference data").RequireAuthorization(StaffPolicies.AnyStaff);
        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<CommunityView>>, ValidationProblem, ProblemHttpResult>> (string? region, CommunityService service, CancellationToken ct) =>
            (await service.ListInAsync(region, ct)).ToApiResult(TypedResults.Ok));
        group.MapGet("/{code}", async Task<Results<Ok<CommunityView>, ValidationProblem, ProblemHttpResult>> (string code, CommunityService service, CancellationToken ct) =>
            (await service.FindAsync(code, ct)).ToApiResult(TypedResults.Ok));
        group.MapPost("/", async Task<Results<Created<CommunityView>, ValidationProblem, ProblemHttpResult>> (CommunityInput input, CommunityService service, CancellationToken ct) =>
            (await service.CreateAsync(input, ct)).ToApiResult(c => TypedResults.Created($"/api/v1/communities/{c.Code}", c)))
            .RequireAuthorization(Roles.Admin);
        group.MapPut("/{code}", async Task<Results<Ok<CommunityView>, ValidationProblem, ProblemHttpResult>> (string code, CommunityInput input, CommunityService service, CancellationToken ct) =>
            (await service.UpdateAsync(code, input, ct)).ToApiResult(TypedResults.Ok))
            .RequireAuthorization(Roles.Admin);
        group.MapDelete("/{code}", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (string code, CommunityService service, CancellationToken ct) =>
            (await service.DeleteAsync(code, ct)).ToApiResult(_ => TypedResults.NoContent()))
            .RequireAuthorization(Roles.Admin);
        return endpoints;
    }
}
