namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>A clock the tests set: it stands still unless moved.</summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>Three days before the Bayannur worked cases' arrival on 2022-11-20.</summary>
    public static readonly DateTimeOffset Default = new(2022, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    private DateTimeOffset _now = Default;

    public override DateTimeOffset GetUtcNow() => _now.ToUniversalTime();

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;
}
