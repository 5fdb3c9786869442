using System.Security.Claims;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure.Http;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Staff;

public static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/users").WithTags("Staff").RequireAuthorization(Roles.Admin);
        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<StaffUserView>>, ValidationProblem, ProblemHttpResult>> (string? role, StaffService service, CancellationToken ct) =>
                (await service.ListInRoleAsync(role, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("List staff accounts with role, scope and status (optionally of one role)");
        group.MapPost("/", async Task<Results<Created<StaffUserView>, ValidationProblem, ProblemHttpResult>> (CreateStaffUser input, StaffService service, CancellationToken ct) =>
            (await service.CreateAsync(input, ct)).ToApiResult(u => TypedResults.Created($"/api/v1/users/{u.Id}", u)))
            .WithSummary("Create a staff account with its role and scope");
        group.MapGet("/{id:guid}", async Task<Results<Ok<StaffUserView>, ValidationProblem, ProblemHttpResult>> (Guid id, StaffService service, CancellationToken ct) =>
            (await service.FindAsync(id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("One staff account");
        group.MapPut("/{id:guid}", async Task<Results<Ok<StaffUserView>, ValidationProblem, ProblemHttpResult>> (Guid id, UpdateStaffUser input, StaffService service, ClaimsPrincipal admin, CancellationToken ct) =>
            (await service.UpdateAsync(id, input, admin, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Change an account's role and scope (a new role signs the account out everywhere; not your own role)");
        group.MapPost("/{id:guid}/disable", async Task<Results<Ok<StaffUserView>, ValidationProblem, ProblemHttpResult>> (Guid id, StaffService service, ClaimsPrincipal admin, CancellationToken ct) =>
            (await service.DisableAsync(id, admin, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Disable an account: no sign-in, refresh tokens refused (409 for your own account)");
        group.MapPost("/{id:guid}/enable", async Task<Results<Ok<StaffUserView>, ValidationProblem, ProblemHttpResult>> (Guid id, StaffService service, CancellationToken ct) =>
            (await service.EnableAsync(id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Re-enable a disabled account (also ends a lockout after failed sign-ins)");
        group.MapPost("/{id:guid}/password", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (Guid id, ResetStaffPassword input, StaffService service, CancellationToken ct) =>
            (await service.ResetPasswordAsync(id, input, ct)).ToApiResult(_ => TypedResults.NoContent()))
            .WithSummary("Set a new password for an account (Identity's password rules; refresh tokens refused afterwards)");
        return endpoints;
    }

    public static IServiceCollection AddStaff(this IServiceCollection services)
    {
        services.AddScoped<StaffService>();
        services.AddSingleton<IValidator<CreateStaffUser>, CreateStaffUserValidator>();
        services.AddSingleton<IValidator<UpdateStaffUser>, UpdateStaffUserValidator>();
        services.AddSingleton<IValidator<ResetStaffPassword>, ResetStaffPasswordValidator>();
        return services;
    }
}
