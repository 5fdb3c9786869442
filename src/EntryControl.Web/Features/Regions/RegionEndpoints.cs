using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Regions;

public sealed record RegionView(string Code, string Name, RegionLevel Level, string? Parent, string FullName);

public static class RegionEndpoints
{
    public const int MaxSearchResults = 20;

    /// <summary>
    /// Regions are public reference data: the traveler's declaration wizard and the policy lookup need the
    /// cascading picker before anyone signs in.
    /// </summary>
    public static IEndpointRouteBuilder MapRegionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/regions").WithTags("Reference data");
        // ?q= is the pickers' search: county-level divisions by code prefix or name (at most MaxSearchResults), or
        // divisions of every level with &level=any (the policy editor's key regions).
        group.MapGet("/", Results<Ok<RegionView[]>, ValidationProblem, ProblemHttpResult> (string? parent, string? q, string? level, RegionCatalog catalog) =>
            level is not (null or "county" or "any")
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["level"] = ["level is 'county' (the default) or 'any'."] })
                : !string.IsNullOrWhiteSpace(q)
                ? TypedResults.Ok(catalog.Search(q, MaxSearchResults, anyLevel: level == "any").Select(r => View(r, catalog)).ToArray())
                : catalog.Children(string.IsNullOrWhiteSpace(parent) ? null : parent.Trim()) is { } children
                ? TypedResults.Ok(children.Select(r => View(r, catalog)).ToArray())
                : TypedResults.Problem($"There is no region with code '{parent}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        group.MapGet("/{code}", Results<Ok<RegionView>, ProblemHttpResult> (string code, RegionCatalog catalog) =>
            catalog.Find(code) is { } region
                ? TypedResults.Ok(View(region, catalog))
                : TypedResults.Problem($"There is no region with code '{code}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found"));
        return endpoints;
    }

    private static RegionView View(Region region, RegionCatalog catalog) =>
        new(region.Code, region.Name, region.Level, region.Parent, catalog.FullName(region.Code));
}
