using System.Net;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// The <c>Proxy</c> settings: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are
/// believed. Nothing is configured by default, and then the headers are ignored whoever sends them (not even loopback
/// is trusted, unlike ASP.NET Core's own default), so a client cannot choose its own rate-limit bucket.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>, <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR notation, e.g. <c>172.18.0.0/16</c> for a compose network.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to step back through (the nearest first); 1 for one nginx in front.</summary>
    public int ForwardLimit { get; set; } = 1;

    internal IEnumerable<IPAddress> Proxies() => KnownProxies.Select(IPAddress.Parse);

    internal IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(IPNetwork.Parse);
}

internal sealed class ProxyOptionsValidation : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var failures = new List<string>();
        failures.AddRange(options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"Proxy:KnownProxies: '{p}' is not an IP address."));
        failures.AddRange(options.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"Proxy:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 172.18.0.0/16)."));
        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add("Proxy:ForwardLimit must be between 1 and 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
