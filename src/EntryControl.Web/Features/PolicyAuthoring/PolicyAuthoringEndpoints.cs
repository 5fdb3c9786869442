using System.Text;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.PolicyAuthoring;

public static class PolicyAuthoringEndpoints
{
    /// <summary>Policy authoring (api.md, "Policy authoring"): admins only.</summary>
    public static IEndpointRouteBuilder MapPolicyAuthoringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/policies").WithTags("Policy authoring").RequireAuthorization(Roles.Admin);
        group.MapPost("/", async Task<Results<Created<PolicyDraftView>, ValidationProblem, ProblemHttpResult>> (HttpRequest request, PolicyAuthoringService service, CancellationToken ct) =>
            {
                // The body is the policy file itself, checked by the strict loader rather than bound to a record.
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var json = await reader.ReadToEndAsync(ct);
                return (await service.UploadAsync(request.HttpContext.User, json, ct))
                    .ToApiResult(d => TypedResults.Created($"/api/v1/policies/{d.Id}/versions", d));
            })
            .WithSummary("Upload the next version of a policy (or a new policy) as a draft: checked by the loader and its own cases")
            .Accepts<object>("application/json")
            .WithBodyLimit(PolicyAuthoringService.MaxLength * 4L);
        group.MapGet("/{id}/versions", async Task<Results<Ok<IReadOnlyList<PolicyVersionView>>, ValidationProblem, ProblemHttpResult>> (string id, PolicyAuthoringService service, CancellationToken ct) =>
            (await service.VersionsAsync(id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Every version of a policy, drafts included, with author and publisher");
        group.MapGet("/{id}/versions/{version:int}/diff", async Task<Results<Ok<PolicyDiffView>, ValidationProblem, ProblemHttpResult>> (string id, int version, HttpContext context, PolicyDiffer differ, CancellationToken ct) =>
            (await differ.DiffAsync(id, version, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("What a version changes against the version in force (a draft) or the one it followed");
        group.MapPost("/{id}/versions/{version:int}/impact", async Task<Results<Ok<ImpactView>, ValidationProblem, ProblemHttpResult>> (string id, int version, PublishRequest? request, PolicyAuthoringService service, CancellationToken ct) =>
            (await service.ImpactAsync(id, version, request ?? new PublishRequest(null), ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("What publishing a draft would do to current declarations (persists nothing)");
        group.MapPost("/{id}/versions/{version:int}/publish", async Task<Results<Ok<PublishedView>, ValidationProblem, ProblemHttpResult>> (string id, int version, PublishRequest request, HttpContext context, PolicyAuthoringService service, CancellationToken ct) =>
            (await service.PublishAsync(context.User, id, version, request, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Publish a draft (another admin than its author); the version in force ends the day before");
        return endpoints;
    }

    public static IServiceCollection AddPolicyAuthoring(this IServiceCollection services)
    {
        services.AddScoped<PolicyAuthoringService>();
        services.AddScoped<PolicyDiffer>();
        services.AddScoped<PolicyEditor>();
        return services;
    }
}
