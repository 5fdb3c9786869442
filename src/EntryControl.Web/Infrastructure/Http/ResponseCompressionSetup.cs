using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Brotli or gzip for what the portal writes itself (pages, API JSON and problems, CSV lists, QR SVGs). Static files are
/// not compressed here: <c>MapStaticAssets</c> serves the copies the build compressed ahead, so this middleware sees a
/// <c>Content-Encoding</c> already and leaves them be.
/// </summary>
/// <remarks>
/// Over HTTPS too, which is where travelers are (behind the proxy the scheme is the forwarded one). The BREACH attack
/// needs a secret that stays the same across responses next to text the attacker chooses: the antiforgery token in every
/// form is protected afresh for each response (Data Protection's random IV), the session cookie never appears in a body,
/// and a page reflects a traveler's personal data only to the holder of the declaration's code. The fastest levels: a
/// page is a few kilobytes, and the scan path should spend its CPU on the decision, not on squeezing a few more bytes.
/// </remarks>
public static class ResponseCompressionSetup
{
    /// <summary>The types compressed: the framework's text types plus those the portal answers with.</summary>
    public static readonly string[] MimeTypes =
        [.. ResponseCompressionDefaults.MimeTypes, "application/problem+json", "image/svg+xml", "text/csv"];

    public static IServiceCollection AddEntryControlResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = MimeTypes;
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }
}
