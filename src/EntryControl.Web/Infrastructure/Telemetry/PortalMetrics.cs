using System.Diagnostics.Metrics;

namespace EntryControl.Web.Infrastructure.Telemetry;

/// <summary>
/// The portal's own counters (meter <c>EntryControl</c>; Prometheus names <c>entrycontrol_…_total</c>). Callers count
/// work only once it is committed (<c>Data.AfterCommit</c>): a rolled-back scan is not a scan.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "EntryControl";

    private readonly Counter<long> _scans;
    private readonly Counter<long> _declarations;
    private readonly Counter<long> _redecisions;
    private readonly Counter<long> _rateLimitRejections;

    public PortalMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _scans = meter.CreateCounter<long>("entrycontrol.scans", "{scan}",
            "Entry scans at checkpoints, by the action recommended to the officer (outcome: released, landingTestTaken, transferredToQuarantine, referredToClinic, refused).");
        _declarations = meter.CreateCounter<long>("entrycontrol.declarations", "{declaration}",
            "Declarations created (one per traveler of a group), by channel: traveler (self-registration) or walkIn (registered by an officer at a checkpoint).");
        _redecisions = meter.CreateCounter<long>("entrycontrol.redecisions", "{decision}",
            "Declarations decided again after a registry change or a policy correction, by whether the measure, entry or a phase changed.");
        _rateLimitRejections = meter.CreateCounter<long>("entrycontrol.rate_limit.rejections", "{request}",
            "Requests refused by a rate limit, by policy: public (traveler pages and public API), signIn (attempts per address), signInFailures (failed sign-ins per address or account).");
    }

    /// <summary>An entry scan committed; <paramref name="outcome"/> is the recommended outcome as the API names it.</summary>
    public void Scanned(string outcome) => _scans.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary><paramref name="count"/> declarations committed through <paramref name="channel"/>.</summary>
    public void Declared(string channel, int count) => _declarations.Add(count, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>Re-decisions committed: <paramref name="changed"/> of them changed something, <paramref name="unchanged"/> did not.</summary>
    public void Redecided(int changed, int unchanged)
    {
        if (changed > 0)
        {
            _redecisions.Add(changed, new KeyValuePair<string, object?>("changed", "true"));
        }

        if (unchanged > 0)
        {
            _redecisions.Add(unchanged, new KeyValuePair<string, object?>("changed", "false"));
        }
    }

    /// <summary>A request refused by the rate limit <paramref name="policy"/>.</summary>
    public void RateLimitRejected(string policy) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public static class Channels
    {
        public const string Traveler = "traveler";
        public const string WalkIn = "walkIn";
    }

    public static class RateLimitPolicies
    {
        public const string SignIn = "signIn";
        public const string SignInFailures = "signInFailures";
    }
}
