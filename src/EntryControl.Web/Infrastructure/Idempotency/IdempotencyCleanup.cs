using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace EntryControl.Web.Infrastructure.Idempotency;

/// <summary>
/// Deletes idempotency records older than 48 hours (the contract promises at least 24), once an hour on one instance
/// of the cluster (Quartz).
/// </summary>
[DisallowConcurrentExecution]
public sealed class IdempotencyCleanup(EntryControlDbContext db, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("idempotency-cleanup", "maintenance");

    public static readonly TimeSpan Kept = TimeSpan.FromHours(48);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    /// <summary>Deletes the expired records; answers how many.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().Add(-Kept);
        return db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
