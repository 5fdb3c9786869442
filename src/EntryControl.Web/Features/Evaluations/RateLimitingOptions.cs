using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>The <c>RateLimiting</c> settings: the limit on the public endpoints and traveler pages.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Off for load tests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per minute per client address.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimiting:PermitPerMinute must be at least {1}.")]
    public int PermitPerMinute { get; set; } = 120;

    /// <summary>
    /// Declaration submissions per second this instance admits from all addresses together (a token bucket, no queue):
    /// sized below the rate one instance sustains (docs/benchmarks.md, "Traveler surge"). It is per instance: N instances
    /// behind a proxy admit N times as many.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimiting:DeclarationsPerSecond must be at least {1}.")]
    public int DeclarationsPerSecond { get; set; } = 60;
}
