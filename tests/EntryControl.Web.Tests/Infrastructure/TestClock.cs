namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// A clock the tests set: it stands still unless moved. Its timers (a <see cref="PeriodicTimer"/> built on it, say)
/// fire when the clock is moved past their time, never by themselves. Moving the clock back, as each test's reset
/// does, is not time passing: timers keep the time they had left.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>Three days before the Bayannur worked cases' arrival on 2022-11-20.</summary>
    public static readonly DateTimeOffset Default = new(2022, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = Default;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now.ToUniversalTime();
        }
    }

    public void Set(DateTimeOffset now)
    {
        TimeSpan by;
        lock (_gate)
        {
            by = now - _now;
            if (by < TimeSpan.Zero)
            {
                _now = now;
                foreach (var timer in _timers)
                {
                    timer.DueAt += by;
                }

                return;
            }
        }

        Advance(by);
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.DueAt <= _now)];
            foreach (var timer in due)
            {
                // A periodic timer fires once however many periods passed, as a late thread-pool timer would.
                if (timer.Period > TimeSpan.Zero)
                {
                    while (timer.DueAt <= _now)
                    {
                        timer.DueAt += timer.Period;
                    }
                }
                else
                {
                    _timers.Remove(timer);
                }
            }
        }

        // Outside the lock: a callback may read the clock or change its timer.
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(TestClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool now;
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                now = dueTime <= TimeSpan.Zero;
                DueAt = clock._now + (now ? Period : dueTime);
                if (!now || Period > TimeSpan.Zero)
                {
                    clock._timers.Add(this);
                }
            }

            if (now)
            {
                ThreadPool.QueueUserWorkItem(_ => Fire());
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
