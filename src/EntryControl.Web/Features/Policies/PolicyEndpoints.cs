using EntryControl.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Policies;

/// <summary>One policy version; <see cref="Status"/> is <c>published</c> or <c>superseded</c> (replaced whole by a later version).</summary>
public sealed record PolicyListItem(string Id, int Version, string Status, string Title, string Jurisdiction, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string? Parent, int? AdvanceRegistrationDays);

public static class PolicyEndpoints
{
    /// <summary>The policies as data: public, since travelers may read the notices they are under.</summary>
    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/policies").WithTags("Policies");
        group.MapGet("/", (PolicyCatalog catalog) => TypedResults.Ok(catalog.List()));
        group.MapGet("/{id}", Results<Ok<PolicyView>, ProblemHttpResult> (string id, int? version, PolicyCatalog catalog, IStringLocalizer<SharedResource> t) =>
            (version is { } v ? catalog.Find(id, v) : catalog.Find(id)) is { } policy
                ? TypedResults.Ok(PolicyView.Of(policy))
                : TypedResults.Problem(t["Policies.NotFound", id], statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }

    /// <summary>Every version of every policy, in the order they took effect (the API's list and the admin viewer's).</summary>
    public static PolicyListItem[] List(this PolicyCatalog catalog) => [.. catalog.Policies
        .OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id, StringComparer.Ordinal).ThenBy(p => p.Version)
        .Select(p => new PolicyListItem(p.Id, p.Version, p.Status, p.Title, p.Jurisdiction, p.EffectiveFrom, p.EffectiveTo, p.Parent, p.AdvanceRegistrationDays))];
}
