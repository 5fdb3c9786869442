using System.Globalization;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EntryControl.Web.Features.Evaluations;

public static class EvaluationEndpoints
{
    public const string PublicRateLimit = "public";

    public static IEndpointRouteBuilder MapEvaluationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/evaluations", async Task<Results<Ok<EvaluationView>, ValidationProblem, ProblemHttpResult>> (
                EvaluationRequest request, EvaluationService service, HttpContext context, CancellationToken ct) =>
            (await service.EvaluateAsync(request, ct)).ToApiResult(e => TypedResults.Ok(EvaluationView.From(e.Decision, WantsEnglish(context)))))
            .WithTags("Evaluation")
            .WithSummary("Decide the measure for a trip (public, persists nothing)")
            .RequireRateLimiting(PublicRateLimit)
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>Explanations follow the portal's language (cookie or ?culture=en), else an English Accept-Language.</summary>
    public static bool WantsEnglish(HttpContext context) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal)
        || (context.Request.Query["culture"].Count == 0 && context.Request.Cookies.Count == 0
            && context.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase));
}
