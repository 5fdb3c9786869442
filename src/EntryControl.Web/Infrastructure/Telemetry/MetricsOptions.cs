using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Infrastructure.Telemetry;

/// <summary>The <c>Metrics</c> settings: where a Prometheus scraper inside the cluster reads <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// A second port the portal listens on, serving only <c>/metrics</c>, anonymously (for a scraper inside the cluster;
    /// do not publish it). Unset (the default): <c>/metrics</c> is served on the main port to admins only.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Metrics:Port must be a TCP port from {1} to {2}.")]
    public int? Port { get; set; }
}
