using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Per-endpoint body limits (docs/api.md, Bounds). A body that announces a longer length is refused before anything
/// reads it, with a problem naming the limit; the server (Kestrel) is told the limit too, so a longer chunked body is
/// stopped with a 413 while it is read. (Its own metadata rather than <c>RequestSizeLimitAttribute</c>: routing warns on
/// every request to a server without the feature, such as the tests' TestServer.)
/// </summary>
public static class RequestBodyLimits
{
    public sealed record BodyLimit(long Bytes);

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    /// <summary>After routing (it reads the endpoint's metadata).</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is not { Bytes: var limit })
        {
            await next(context);
            return;
        }

        if (context.Request.ContentLength > limit)
        {
            var t = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Payload too large",
                    Detail = t["Http.BodyTooLarge", limit],
                },
            });
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
        {
            server.MaxRequestBodySize = limit;
        }

        await next(context);
    });
}
