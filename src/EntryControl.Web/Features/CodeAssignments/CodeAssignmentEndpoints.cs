using System.Security.Claims;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.CodeAssignments;

public static class CodeAssignmentEndpoints
{
    public static IEndpointRouteBuilder MapCodeAssignmentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1").WithTags("Command center").RequireAuthorization(StaffPolicies.Reports);
        group.MapGet("/code-assignments", async Task<Results<Ok<CodeAssignmentList>, ValidationProblem, ProblemHttpResult>> (string? on, CodeAssignmentService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ListAsync(user, on, AuditAction.View, ct)).ToApiResult(sheet => TypedResults.Ok(sheet.Lists)))
            .WithSummary("赋码: who gets a red or yellow code on `on` (YYYY-MM-DD) and whose code turns green; full document numbers, audited");
        group.MapGet("/code-assignments.csv", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (string? on, CodeAssignmentService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ListAsync(user, on, AuditAction.Export, ct))
                    .ToApiResult(sheet => TypedResults.File(service.ToCsv(sheet), "text/csv; charset=utf-8", CodeAssignmentService.FileName(sheet))))
            .WithSummary("The same lists as CSV for the health-code platform (UTF-8 with BOM, CRLF)");
        return endpoints;
    }

    public static IServiceCollection AddCodeAssignments(this IServiceCollection services)
    {
        services.AddOptions<CodeColourOptions>().BindConfiguration(CodeColourOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CodeColourOptions>, CodeColourOptionsValidator>();
        services.AddScoped<CodeAssignmentService>();
        return services;
    }
}
