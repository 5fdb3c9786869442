using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Refuses, before any endpoint or page sees them, the inputs no handler can use: a Content-Type charset no encoding
/// answers to (415), and a query, route or form value (or name) with a character <see cref="InputText"/> refuses (400).
/// Under <c>/api</c> the answer is a problem document naming the parameter; a page request gets the status page with a
/// message saying why (<see cref="RequestRefusal"/>).
/// </summary>
internal sealed partial class RequestInputGuard(RequestDelegate next, IProblemDetailsService problems, IStringLocalizer<SharedResource> t, ILogger<RequestInputGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A status or error page re-executed for a refusal sees the same request: it must render, not be refused again.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        if (request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var media)
            && HeaderUtilities.RemoveQuotes(media.Charset) is { Length: > 0 } charset && !InputText.IsKnownCharset(charset.Value!))
        {
            LogRefused(logger, request.Path, "charset");
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, RequestRefusal.UnsupportedCharset, new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported charset",
                Detail = t["Input.UnsupportedCharset", charset.Value!],
            });
            return;
        }

        var refused = Refused(request.Query) ?? RefusedRoute(request.RouteValues);
        if (refused is null && request.HasFormContentType)
        {
            try
            {
                refused = Refused(await request.ReadFormAsync(context.RequestAborted));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A malformed multipart body, or a form value the reader refuses (it refuses NUL itself).
                LogUnreadableForm(logger, request.Path, e.Message);
                await RefuseAsync(context, StatusCodes.Status400BadRequest, RequestRefusal.Unreadable, new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request could not be read",
                    Detail = "The form body could not be read: " + e.Message,
                });
                return;
            }
        }

        if (refused is not null)
        {
            LogRefused(logger, request.Path, "text");
            await RefuseAsync(context, StatusCodes.Status400BadRequest, RequestRefusal.InvalidCharacters, new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [InputText.IsAcceptable(refused) ? refused : "$"] = [t["Input.ControlCharacter"]] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more validation errors occurred.",
            });
            return;
        }

        await next(context);
    }

    private async Task RefuseAsync(HttpContext context, int status, string pageMessage, ProblemDetails problem)
    {
        context.Response.StatusCode = status;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        }
        else
        {
            // No body: the status code pages re-execute /Status/{code}, which shows the message.
            RequestRefusal.Set(context, pageMessage);
        }
    }

    /// <summary>The name of the first pair whose name or value is refused.</summary>
    private static string? Refused(IEnumerable<KeyValuePair<string, StringValues>> pairs)
    {
        foreach (var (name, values) in pairs)
        {
            if (!InputText.IsAcceptable(name))
            {
                return name;
            }

            foreach (var value in values)
            {
                if (!InputText.IsAcceptable(value))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static string? RefusedRoute(RouteValueDictionary values)
    {
        foreach (var (name, value) in values)
        {
            if (value is string text && !InputText.IsAcceptable(text))
            {
                return name;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Path}: the form could not be read: {Reason}")]
    private static partial void LogUnreadableForm(ILogger logger, PathString path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Path}: unacceptable {Part}")]
    private static partial void LogRefused(ILogger logger, PathString path, string part);
}
