using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Unexpected failures under <c>/api</c> become RFC 9457 problems: a malformed body is the client's fault (400),
/// anything else is ours (500, without internals). Pages fall through to the error page.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = httpContext.Features.Get<IExceptionHandlerFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (path is null || !path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var problem = exception is BadHttpRequestException { InnerException: JsonException { Path: { Length: > 2 } jsonPath } json }
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
