using System.Text.Json;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Unexpected failures under <c>/api</c> become RFC 9457 problems: a malformed body is the client's fault (400), two
/// writers meeting (a concurrency token, a unique key taken meanwhile) is a 409, a database that cannot be reached is a
/// 503 with <c>Retry-After</c>, anything else is ours (500, without internals). Pages fall through to the error page
/// (a 503 one, with <c>Retry-After</c>, for an outage).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, DatabaseOutages outages, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a client is told to wait before retrying during a database outage.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value;
        var outage = !DatabaseErrors.IsWriteConflict(exception) && DatabaseErrors.IsOutage(exception);
        if (outage)
        {
            outages.Report(exception, path);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (path is null || !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var problem = outage
            ? new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is temporarily unavailable",
                Detail = $"The database cannot be reached; nothing was stored. Retry after {RetryAfterSeconds} seconds (with the same Idempotency-Key).",
            }
            : DatabaseErrors.IsWriteConflict(exception)
            ? new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "Someone else changed the same record at the same moment; nothing was stored. Load it again and retry.",
            }
            : exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } jsonPath } json }
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                // "$.stays[0].from" names the field as the validators do: "stays[0].from".
                [jsonPath[2..]] = [$"The value is not of the expected type. {json.Message}"],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            }
            : exception is BadHttpRequestException badRequest
            ? new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read",
                Detail = badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message,
            }
            : new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = "The error has been logged; please try again or contact the administrator.",
            };
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, exception, path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);
}
