using System.Threading.RateLimiting;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>
/// The instance-wide budget of declaration submissions (<c>RateLimiting:DeclarationsPerSecond</c>), as the rate
/// limiter's global limiter. It marks a request it refuses, so that the rejection is counted under its own name
/// (<see cref="PolicyName"/>) rather than the per-address policy's.
/// </summary>
internal sealed class DeclarationBudget(PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
{
    public const string PolicyName = "declarations";

    private static readonly object RefusedKey = new();

    public static bool Refused(HttpContext context) => context.Items.ContainsKey(RefusedKey);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Mark(resource, inner.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Mark(resource, await inner.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static RateLimitLease Mark(HttpContext resource, RateLimitLease lease)
    {
        if (!lease.IsAcquired)
        {
            resource.Items[RefusedKey] = true;
        }

        return lease;
    }
}
