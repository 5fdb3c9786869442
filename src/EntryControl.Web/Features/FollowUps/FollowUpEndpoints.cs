using System.Security.Claims;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.FollowUps;

public static class FollowUpEndpoints
{
    public static IEndpointRouteBuilder MapFollowUpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/follow-ups").WithTags("Community follow-up").RequireAuthorization(Roles.CommunityWorker);
        group.MapGet("/", async Task<Results<Ok<IReadOnlyList<FollowUpItem>>, ValidationProblem, ProblemHttpResult>> (string? on, string? community, int? page, int? pageSize, FollowUpService service, HttpContext http, CancellationToken ct) =>
                page is null && pageSize is null
                    ? (await service.SheetAsync(http.User, on, community, AuditAction.View, ct)).ToApiResult(sheet => TypedResults.Ok(sheet.Tests))
                    : (await service.PageAsync(http.User, on, community, page, pageSize, ct)).ToApiResult(p =>
                    {
                        if (p.More)
                        {
                            http.Response.Headers.Link = $"<{NextPage(http.Request, p)}>; rel=\"next\"";
                        }

                        return TypedResults.Ok(p.Items);
                    }))
            .WithSummary("Tests overdue, due on `on` (default today) and in the next 3 days, for the worker's communities; with `page`/`pageSize` one page in date order, a `Link: rel=\"next\"` header when more follow");
        group.MapGet("/people", async Task<Results<Ok<IReadOnlyList<UnderMeasure>>, ValidationProblem, ProblemHttpResult>> (string? on, string? community, FollowUpService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.SheetAsync(user, on, community, AuditAction.View, ct)).ToApiResult(sheet => TypedResults.Ok(sheet.People)))
            .WithSummary("Who is under a measure on `on`, with the phase's and the whole measure's end date");
        group.MapGet("/export.csv", async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> (string? on, string? community, FollowUpService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.SheetAsync(user, on, community, AuditAction.Export, ct))
                    .ToApiResult(sheet => TypedResults.File(service.ToCsv(sheet), "text/csv; charset=utf-8", FollowUpService.FileName(sheet))))
            .WithSummary("The list as CSV for Excel (UTF-8 with BOM, ID numbers masked)");
        group.MapPost("/tests", async Task<Results<Created<RecordedTest>, ValidationProblem, ProblemHttpResult>> (RecordTestRequest request, FollowUpService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.RecordAsync(user, request, ct)).ToApiResult(test => TypedResults.Created($"/api/v1/follow-ups/tests/{test.Id}", test)))
            .WithSummary("Record a scheduled test (the result may follow); a positive result raises an alert");
        group.MapPut("/tests/{id:guid}/result", async Task<Results<Ok<RecordedTest>, ValidationProblem, ProblemHttpResult>> (Guid id, TestResultRequest request, FollowUpService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.EnterResultAsync(user, id, request, ct)).ToApiResult(TypedResults.Ok))
            .WithSummary("Enter the result of a test sampled earlier (the same result again is 200, a different one 409); a positive result raises an alert");
        group.MapGet("/releases", async Task<Results<Ok<IReadOnlyList<AwaitingRelease>>, ValidationProblem, ProblemHttpResult>> (string? on, string? community, FollowUpService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.SheetAsync(user, on, community, AuditAction.View, ct)).ToApiResult(sheet => TypedResults.Ok(sheet.AwaitingRelease)))
            .WithSummary("Travelers whose last phase ended before `on` and who are not released yet, with what stands in the way");
        endpoints.MapPost("/api/v1/declarations/{id:guid}/release", async Task<Results<Ok<Released>, ValidationProblem, ProblemHttpResult>> (Guid id, ReleaseRequest? request, ReleaseService service, ClaimsPrincipal user, CancellationToken ct) =>
                (await service.ReleaseAsync(user, id, request ?? new ReleaseRequest(null), ct)).ToApiResult(TypedResults.Ok))
            .WithTags("Community follow-up")
            .RequireAuthorization(policy => policy.RequireRole(Roles.CommunityWorker, Roles.Admin))
            .WithSummary("解除: release a traveler (409 when a phase is not over or a required test is missing or not negative, unless `override` with a `reason`)");
        endpoints.MapGet("/api/v1/releases/{verificationCode}/qr.svg", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string verificationCode, ReleaseService service, HttpRequest request, CancellationToken ct) =>
                await service.VerifyAsync(verificationCode, ct) is ServiceResult<ReleaseNotice>.Ok
                    ? TypedResults.Content(DeclarationEndpoints.QrSvg($"{request.Scheme}://{request.Host}{request.PathBase}/release/{verificationCode}"), "image/svg+xml")
                    : TypedResults.Problem("No release has that code.", statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .WithTags("Community follow-up")
            .AllowAnonymous()
            .RequireRateLimiting(EvaluationEndpoints.PublicRateLimit)
            .WithSummary("The release notice's QR code: it opens /release/{verificationCode}, the portal's confirmation that the release is genuine");
        return endpoints;
    }

    /// <summary>The address of the page after <paramref name="page"/>: the request's own, with the next page number.</summary>
    private static string NextPage(HttpRequest request, FollowUpPage page)
    {
        var query = request.Query.Where(q => q.Key is not ("page" or "pageSize"))
            .Append(KeyValuePair.Create("page", new Microsoft.Extensions.Primitives.StringValues((page.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Append(KeyValuePair.Create("pageSize", new Microsoft.Extensions.Primitives.StringValues(page.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return $"{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }

    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddScoped<FollowUpPlanner>();
        services.AddScoped<IDecisionObserver>(provider => provider.GetRequiredService<FollowUpPlanner>());
        services.AddScoped<FollowUpService>();
        services.AddScoped<ReleaseService>();
        services.AddScoped<IReleaseRegistry>(provider => provider.GetRequiredService<ReleaseService>());
        services.AddScoped<AuditLog>();
        services.AddSingleton<IValidator<RecordTestRequest>, RecordTestRequestValidator>();
        return services;
    }
}
