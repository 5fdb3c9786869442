using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EntryControl.Web.Development.LocalPostgres;

public static class LocalPostgresHostingExtensions
{
    /// <summary>
    /// When the connection string <paramref name="connectionStringName"/> is not set and <c>LocalPostgres:Enabled</c> is
    /// true (the default in Development), starts a local PostgreSQL cluster under <c>LocalPostgres:DataDirectory</c>
    /// (default <c>.localdb/postgres</c> in the content root), creates <paramref name="database"/> and points the
    /// connection string at it. The cluster is stopped when the host stops (<c>LocalPostgres:StopOnShutdown</c>).
    /// </summary>
    public static async Task UseLocalPostgresWhenUnconfiguredAsync(this IHostApplicationBuilder builder, string connectionStringName, string database)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(connectionStringName)))
        {
            return;
        }

        var options = LocalPostgresOptions.FromConfiguration(builder.Configuration, builder.Environment);
        if (!options.Enabled)
        {
            return;
        }

        var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresClusterOptions(options.DataDirectory, options.Port));
        var connectionString = await cluster.EnsureDatabaseAsync(database);
        builder.Configuration[$"ConnectionStrings:{connectionStringName}"] = connectionString;
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService(_ => new LocalPostgresLifetime(cluster, options.StopOnShutdown));
        Console.WriteLine($"Local PostgreSQL: {cluster.DataDirectory} on 127.0.0.1:{cluster.Port}");
    }

    private sealed class LocalPostgresLifetime(LocalPostgresCluster cluster, bool stopOnShutdown) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => stopOnShutdown ? cluster.StopAsync() : Task.CompletedTask;
    }
}
