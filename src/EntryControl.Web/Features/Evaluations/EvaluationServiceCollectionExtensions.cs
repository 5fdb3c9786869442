using System.Threading.RateLimiting;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Infrastructure.Telemetry;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Evaluations;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>
    /// The policies (loaded and validated now: a broken policy file stops the start-up), the evaluation service and
    /// the rate limits of the public endpoints (<c>RateLimiting:Enabled</c>, <c>RateLimiting:PermitPerMinute</c> per
    /// address, <c>RateLimiting:DeclarationsPerSecond</c> per instance for declaration submissions).
    /// </summary>
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddPolicies();
        services.AddScoped<EvaluationService>();
        services.AddSingleton<Destinations>();
        services.AddSingleton<IValidator<EvaluationRequest>, EvaluationRequestValidator>();

        services.AddOptions<NoticeOptions>().BindConfiguration(NoticeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Configured once the validated RateLimitingOptions can be resolved, hence not in AddRateLimiter's own lambda.
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((options, limits) =>
        {
            var (enabled, permits, submissions) = (limits.Value.Enabled, limits.Value.PermitPerMinute, limits.Value.DeclarationsPerSecond);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Instance-wide, before the per-address policy: the declaration submissions of all addresses share one bucket
            // refilled every second, without a queue, so the excess of a surge is answered 429 at once.
            options.GlobalLimiter = new DeclarationBudget(PartitionedRateLimiter.Create<HttpContext, string>(context =>
                enabled && HttpMethods.IsPost(context.Request.Method)
                    && context.GetEndpoint()?.Metadata.GetMetadata<SubmissionRateLimitAttribute>() is not null
                    ? RateLimitPartition.GetTokenBucketLimiter("declarations", _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = submissions,
                        TokensPerPeriod = submissions,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            options.AddPolicy(EvaluationEndpoints.PublicRateLimit, context => enabled
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("off"));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                // The instance's declaration budget or the per-address policy (the sign-in limits count their own refusals).
                rejected.HttpContext.RequestServices.GetRequiredService<PortalMetrics>().RateLimitRejected(
                    DeclarationBudget.Refused(rejected.HttpContext) ? DeclarationBudget.PolicyName : EvaluationEndpoints.PublicRateLimit);
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"Please wait {retryAfter} seconds before trying again.",
                    },
                });
            };
        });
        return services;
    }
}
