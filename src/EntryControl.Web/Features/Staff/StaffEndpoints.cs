using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Staff;

public static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/users").WithTags("Staff").RequireAuthorization(Roles.Admin);
        group.MapGet("/", async (StaffService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)));
        group.MapPost("/", async Task<Results<Created<StaffUserView>, ValidationProblem, ProblemHttpResult>> (CreateStaffUser input, StaffService service, CancellationToken ct) =>
            (await service.CreateAsync(input, ct)).ToApiResult(u => TypedResults.Created($"/api/v1/users/{u.Id}", u)));
        return endpoints;
    }
}
