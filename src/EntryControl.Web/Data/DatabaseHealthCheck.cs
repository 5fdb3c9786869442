using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EntryControl.Web.Data;

/// <summary>
/// Readiness of the database: PostgreSQL answers, and its schema is the one this code expects (no migration pending:
/// another instance or an operator may be migrating it). The pending migrations are read at most every
/// <see cref="SchemaCheckInterval"/> (probes come every few seconds from every instance), not on each probe.
/// </summary>
internal sealed class DatabaseHealthCheck(EntryControlDbContext db, DatabaseHealthCheck.SchemaCache schema, StartupState startup) : IHealthCheck
{
    public static readonly TimeSpan SchemaCheckInterval = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
        }

        if (!startup.Initialized)
        {
            // This instance is migrating (the migration lock would hold the query up): the start-up check says so.
            return HealthCheckResult.Healthy();
        }

        var pending = await schema.PendingAsync(db, cancellationToken);
        return pending.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"The database has {pending.Count} migration(s) pending: {string.Join(", ", pending)}.");
    }

    /// <summary>The last answer of <c>GetPendingMigrationsAsync</c>, kept for <see cref="SchemaCheckInterval"/> (wall clock).</summary>
    internal sealed class SchemaCache : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IReadOnlyList<string>? _pending;
        private long _readAt;

        public async Task<IReadOnlyList<string>> PendingAsync(EntryControlDbContext db, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_pending is null || Stopwatch.GetElapsedTime(_readAt) >= SchemaCheckInterval)
                {
                    _pending = [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
                    _readAt = Stopwatch.GetTimestamp();
                }

                return _pending;
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();
    }
}

/// <summary>Not ready until the start-up step has finished (<see cref="StartupState"/>).</summary>
internal sealed class StartupHealthCheck(StartupState startup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(startup.Initialized
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The portal is starting (migrations and start-up data)."));
}
