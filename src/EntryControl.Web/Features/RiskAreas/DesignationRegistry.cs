using EntryControl.Rules;
using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>
/// The registry as the rules engine reads it: an immutable <see cref="DesignationIndex"/> snapshot shared by every
/// evaluation. Writes through <see cref="RiskAreaService"/> invalidate it, so evaluations see a change at once; the
/// snapshot is also rebuilt after <c>RiskAreas:RefreshSeconds</c> (default 30) in case another instance wrote.
/// </summary>
public sealed class DesignationRegistry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<RiskAreaOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
    private Snapshot? _current;
    private long _generation;

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

    /// <summary>Called after every committed write to the registry.</summary>
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
