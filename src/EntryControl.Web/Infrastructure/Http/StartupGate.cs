using System.Globalization;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// While the start-up step runs (<see cref="StartupState"/>), every request but the probes (<c>/health/*</c>) and
/// <c>/metrics</c> is answered 503 with <c>Retry-After</c> and a problem document ("the portal is starting"): nothing
/// may read a database that is being migrated. Once initialized, the gate is one flag read.
/// </summary>
public static class StartupGate
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseStartupGate(this IApplicationBuilder app)
    {
        var startup = app.ApplicationServices.GetRequiredService<StartupState>();
        return app.Use(async (context, next) =>
        {
            if (startup.Initialized
                || context.Request.Path.StartsWithSegments("/health")
                || context.Request.Path.StartsWithSegments(Telemetry.TelemetryExtensions.MetricsPath))
            {
                await next(context);
                return;
            }

            var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = t["Startup.Title"],
                Detail = t["Startup.Text"],
            };
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            {
                // A client that accepts no JSON (a browser asking for a page) gets the same words as text.
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"{problem.Title}. {problem.Detail}", context.RequestAborted);
            }
        });
    }
}
