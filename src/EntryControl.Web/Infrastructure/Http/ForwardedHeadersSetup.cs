using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.Http;

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// Behind the configured proxies (<see cref="ProxyOptions"/>), the client's address and scheme are the ones the
    /// proxy forwarded: rate limits, sign-in limits and the idempotency key's owner then see the real traveler, and
    /// HSTS and Secure cookies see HTTPS. From anywhere else the headers are ignored.
    /// </summary>
    public static IServiceCollection AddEntryControlForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidation>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, proxy) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor
                | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = proxy.Value.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here only what is configured.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list still holds the loopback default, and the middleware still reads it.
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var address in proxy.Value.Proxies())
            {
                options.KnownProxies.Add(address);
            }

            foreach (var network in proxy.Value.Networks())
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, before anything reads the client's address or the scheme. Without configured proxies the
    /// middleware is left out: with both of its lists empty it would believe every caller.
    /// </summary>
    public static IApplicationBuilder UseEntryControlForwardedHeaders(this IApplicationBuilder app)
    {
        var proxy = app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value;
        return proxy.KnownProxies.Count + proxy.KnownNetworks.Count == 0 ? app : app.UseForwardedHeaders();
    }
}
