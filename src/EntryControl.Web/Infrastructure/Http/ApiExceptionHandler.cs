using System.Text.Json;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Unexpected failures under <c>/api</c> become RFC 9457 problems: a malformed body is the client's fault (400, logged
/// once at Warning without a stack trace), two writers meeting (a concurrency token, a unique key taken meanwhile) is a
/// 409, a database that cannot be reached is a 503 with <c>Retry-After</c>, anything else is ours (500, without
/// internals, logged at Error). Pages fall through to the error page, which says why a request it could not read was
/// refused (and is a 503 one, with <c>Retry-After</c>, for an outage).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, DatabaseOutages outages, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a client is told to wait before retrying during a database outage.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value ?? string.Empty;
        var outage = !DatabaseErrors.IsWriteConflict(exception) && DatabaseErrors.IsOutage(exception);
        if (outage)
        {
            outages.Report(exception, path);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exception is BadHttpRequestException clientError)
        {
            LogClientError(logger, path, clientError.StatusCode, clientError.InnerException?.GetType().Name ?? nameof(BadHttpRequestException), clientError.Message);
        }

        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            if (exception is BadHttpRequestException)
            {
                RequestRefusal.Set(httpContext, RequestRefusal.Unreadable);
            }

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
                [jsonPath[2..]] = [json is RefusedTextJsonException ? SafeStringJsonConverter.Message : $"The value is not of the expected type. {json.Message}"],
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

    /// <summary>
    /// What the exception handler middleware answers a page request with: a request it could not read is the client's
    /// fault, two writers meeting a conflict, an unreachable database a 503.
    /// </summary>
    public static int StatusCode(Exception exception) => exception switch
    {
        BadHttpRequestException badRequest => badRequest.StatusCode,
        _ when DatabaseErrors.IsWriteConflict(exception) => StatusCodes.Status409Conflict,
        _ when DatabaseErrors.IsOutage(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);

    // No exception argument: a client's malformed request is not worth a stack trace.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Bad request on {Path}: {Status} {Reason}: {Detail}")]
    private static partial void LogClientError(ILogger logger, string path, int status, string reason, string detail);
}
