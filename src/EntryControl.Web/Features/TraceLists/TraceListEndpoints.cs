using System.Security.Claims;
using System.Text.Json;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Idempotency;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EntryControl.Web.Features.TraceLists;

public static class TraceListEndpoints
{
    public static IEndpointRouteBuilder MapTraceListEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Importing is for the command center and admins (the same people who read the reports).
        var lists = endpoints.MapGroup("/api/v1/trace-lists").WithTags("Pushed lists").RequireAuthorization(StaffPolicies.Reports);
        lists.MapPost("/", async Task<Results<Created<ImportedTraceList>, ValidationProblem, ProblemHttpResult>> (HttpRequest request, string? source, bool? skipInvalid, TraceListService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var imported = request.HasJsonContentType()
                    ? await service.ImportAsync(user, await ReadJsonAsync(request, ct), skipInvalid ?? false, ct)
                    : await service.ImportCsvAsync(user, request.Body, source, skipInvalid ?? false, ct);
                return imported.Match<Results<Created<ImportedTraceList>, ValidationProblem, ProblemHttpResult>>(
                    list => TypedResults.Created($"/api/v1/trace-lists/{list.Id}", list),
                    errors => TypedResults.ValidationProblem(errors, extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["invalid"] = InvalidTraceRow.FromErrors(errors),
                    }),
                    failure => failure.ToProblem());
            })
            .Accepts<TraceListRequest>("application/json", "text/csv")
            .WithBodyLimit(InputLimits.MaxTraceListBodyBytes)
            .WithMetadata(new IdempotentAttribute())
            .WithSummary("Import a pushed list (JSON, or CSV with a header row and `?source=`); a list with invalid rows is refused whole unless `?skipInvalid=true`");
        lists.MapGet("/", async Task<Results<Ok<Paged<TraceListView>>, ValidationProblem, ProblemHttpResult>> (int? page, int? pageSize, TraceListService service, CancellationToken ct) =>
                (await service.ListsAsync(page, pageSize, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("The lists imported, newest first, with how many of their check items are still open");
        lists.MapGet("/{id:guid}", async Task<Results<Ok<TraceListView>, ValidationProblem, ProblemHttpResult>> (Guid id, TraceListService service, CancellationToken ct) =>
                (await service.FindListAsync(id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("One imported list: rows, matched, unmatched, skipped, and how many check items are still open");

        // Check items: the command center and admins see all; a community worker those of their communities' counties.
        var items = endpoints.MapGroup("/api/v1/trace-items").WithTags("Pushed lists")
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.CommandCenter, Roles.CommunityWorker));
        items.MapGet("/", async Task<Results<Ok<Paged<TraceItemView>>, ValidationProblem, ProblemHttpResult>> (string? status, string? region, int? page, int? pageSize, TraceListService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ListItemsAsync(user, new TraceItemQuery(status, region, page, pageSize), ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Check items (rows that matched no declaration), open first; ID numbers and phones masked");
        items.MapGet("/{id:guid}/contact", async Task<Results<Ok<TraceContact>, ValidationProblem, ProblemHttpResult>> (Guid id, TraceListService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ContactAsync(user, id, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("One check item's full document number and phone, to reach the traveler (written to the audit log)");
        items.MapPost("/{id:guid}/resolution", async Task<Results<Ok<TraceItemView>, ValidationProblem, ProblemHttpResult>> (Guid id, ResolveTraceItem request, TraceListService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ResolveAsync(user, id, request, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Record what the check found: registeredOnSite (with the new declaration's code), notInArea, alreadyLeft, other (with a note)");
        return endpoints;
    }

    public static IServiceCollection AddTraceLists(this IServiceCollection services)
    {
        services.AddScoped<TraceListService>();
        services.TryAddScoped<AuditLog>();
        services.AddSingleton<IValidator<TraceRowInput>, TraceRowInputValidator>();
        services.AddSingleton<IValidator<ResolveTraceItem>, ResolveTraceItemValidator>();
        return services;
    }

    /// <summary>A body that does not parse is answered as the framework answers one it binds: a 400 naming the field.</summary>
    private static async Task<TraceListRequest?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFromJsonAsync<TraceListRequest>(cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The JSON body could not be read.", StatusCodes.Status400BadRequest, e);
        }
    }
}
