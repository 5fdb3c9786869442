using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Infrastructure.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>
/// The registry as the rules engine reads it: an immutable <see cref="DesignationIndex"/> snapshot shared by every
/// evaluation. Writes through <see cref="RiskAreaService"/> invalidate it, so evaluations see a change at once, on this
/// instance and, through <see cref="CacheInvalidation"/> (PostgreSQL NOTIFY), on every other; the snapshot is also
/// rebuilt after <c>RiskAreas:RefreshSeconds</c> (default 30) should an announcement be lost.
/// </summary>
public sealed class DesignationRegistry : IDisposable
{
    public const string Topic = "registry";

    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly CacheInvalidation instances;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeSpan _maxAge;
    private Snapshot? _current;
    private long _generation;

    public DesignationRegistry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RiskAreaOptions> options, CacheInvalidation instances)
    {
        this.scopes = scopes;
        this.clock = clock;
        this.instances = instances;
        _maxAge = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
        instances.Subscribe(Topic, _ => Invalidate(), Invalidate);
    }

    public async ValueTask<DesignationIndex> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } index)
        {
            return index;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(Volatile.Read(ref _current)) is { } loadedMeanwhile)
            {
                return loadedMeanwhile;
            }

            var generation = Interlocked.Read(ref _generation);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EntryControlDbContext>();
            var rows = await db.RiskAreas.AsNoTracking().ToListAsync(cancellationToken);
            var snapshot = new Snapshot(new DesignationIndex(rows.Select(r => r.ToDesignation())), clock.GetUtcNow(), generation);
            // A write that invalidated while we read may not be in these rows: use them once, but do not keep them.
            if (Interlocked.Read(ref _generation) == generation)
            {
                Volatile.Write(ref _current, snapshot);
            }

            return snapshot.Index;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Called after every committed write to the registry: forgets the snapshot here and on every other instance.</summary>
    public Task ChangedAsync(CancellationToken cancellationToken)
    {
        Invalidate();
        return instances.AnnounceAsync(Topic, cancellationToken: cancellationToken);
    }

    /// <summary>Forgets this instance's snapshot: the next evaluation reads the registry from the database.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        Volatile.Write(ref _current, null);
    }

    public void Dispose() => _loading.Dispose();

    private DesignationIndex? Fresh(Snapshot? snapshot) =>
        snapshot is not null && snapshot.Generation == Interlocked.Read(ref _generation) && clock.GetUtcNow() - snapshot.LoadedAt < _maxAge
            ? snapshot.Index
            : null;

    private sealed record Snapshot(DesignationIndex Index, DateTimeOffset LoadedAt, long Generation);
}
