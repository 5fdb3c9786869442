using Microsoft.Net.Http.Headers;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Marks the one page that opens the camera (the checkpoint console's QR scanner): it alone gets
/// <c>Permissions-Policy: camera=(self)</c> and may compile the vendored scanner's WebAssembly.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UsesCameraAttribute : Attribute;

/// <summary>
/// The headers every response carries: a strict Content-Security-Policy (scripts and styles only from this server, no
/// inline script, no framing), <c>nosniff</c>, no referrer, no device features except the console's camera, and
/// <c>Cache-Control: no-store</c> on whatever an endpoint answers (declarations, scans, staff pages hold personal
/// data) unless the endpoint chose its own caching. Static files are left to their own caching.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Common =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Everywhere: only this server's scripts.</summary>
    public const string ContentSecurityPolicy = Common + "; script-src 'self'";

    /// <summary>The camera page: the scanner is ZXing compiled to WebAssembly, which needs <c>wasm-unsafe-eval</c> (not <c>unsafe-eval</c>).</summary>
    public const string CameraContentSecurityPolicy = Common + "; script-src 'self' 'wasm-unsafe-eval'";

    /// <summary>
    /// The API reference (<c>/scalar</c>, a development aid, off in Production) renders with inline scripts and styles;
    /// it keeps everything else, framing included.
    /// </summary>
    public const string ApiReferenceContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string NoDeviceFeatures = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public const string CameraOnly = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            var endpoint = context.GetEndpoint();
            var camera = endpoint?.Metadata.GetMetadata<UsesCameraAttribute>() is not null;
            headers[HeaderNames.ContentSecurityPolicy] = context.Request.Path.StartsWithSegments("/scalar")
                ? ApiReferenceContentSecurityPolicy
                : camera ? CameraContentSecurityPolicy : ContentSecurityPolicy;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers[HeaderNames.XFrameOptions] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = camera ? CameraOnly : NoDeviceFeatures;
            if (endpoint is not null && !headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers[HeaderNames.CacheControl] = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
