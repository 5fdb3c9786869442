using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EntryControl.Web.Data;

internal sealed class DatabaseHealthCheck(EntryControlDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
}
