using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Infrastructure.Idempotency;

/// <summary>Deletes idempotency records older than 48 hours, once an hour (the contract promises at least 24).</summary>
internal sealed class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EntryControlDbContext>();
            var cutoff = clock.GetUtcNow().AddHours(-48);
            await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
