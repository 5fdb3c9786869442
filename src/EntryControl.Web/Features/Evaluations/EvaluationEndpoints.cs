using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Evaluations;

public static class EvaluationEndpoints
{
    public const string PublicRateLimit = "public";

    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/evaluations", async Task<Results<Ok<EvaluationView>, ValidationProblem, ProblemHttpResult>> (
                EvaluationRequest request, EvaluationService service, HttpContext http, CancellationToken ct) =>
            (await service.EvaluateAsync(request, ct)).ToApiResult(e => TypedResults.Ok(EvaluationView.From(e.Decision, http.Language()))))
            .WithTags("Evaluation")
            .WithSummary("Decide the measure for a trip (public, persists nothing)")
            .RequireRateLimiting(PublicRateLimit)
            .WithBodyLimit(InputLimits.MaxTripBodyBytes)
            .AllowAnonymous();
        return endpoints;
    }
}
