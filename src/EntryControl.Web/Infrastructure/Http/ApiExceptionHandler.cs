using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Unexpected failures under <c>/api</c> become RFC 9457 problems: a malformed body is the client's fault (400, logged
/// once at Warning without a stack trace), anything else is ours (500, without internals, logged at Error). Pages fall
/// through to the error page, which says why a request it could not read was refused.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value ?? string.Empty;
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

        var problem = exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } jsonPath } json }
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

    /// <summary>What the exception handler middleware answers a page request with: a request it could not read is the client's fault.</summary>
    public static int StatusCode(Exception exception) =>
        exception is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string path);

    // No exception argument: a client's malformed request is not worth a stack trace.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Bad request on {Path}: {Status} {Reason}: {Detail}")]
    private static partial void LogClientError(ILogger logger, string path, int status, string reason, string detail);
}
