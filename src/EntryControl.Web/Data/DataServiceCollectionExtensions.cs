using EntryControl.Web.Infrastructure.LocalPostgres;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>PostgreSQL (a local cluster when none is configured in Development), EF Core, start-up migration and seeding.</summary>
    public static async Task AddEntryControlDataAsync(this WebApplicationBuilder builder)
    {
        await builder.UseLocalPostgresWhenUnconfiguredAsync();
        var connectionString = builder.Configuration.GetConnectionString(LocalPostgresHostingExtensions.ConnectionStringName)!;
        // Pooled: a context's internal services are set up once per pooled instance, not on each request's first query
        // (the load benchmark found that set-up to be ~5% of a checkpoint scan's CPU). The context keeps no state of its own.
        builder.Services.AddDbContextPool<EntryControlDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());
        builder.Services.AddScoped<DemoData>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }
}
