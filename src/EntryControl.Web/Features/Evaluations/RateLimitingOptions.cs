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
}
