namespace EntryControl.Web.Infrastructure.LocalPostgres;

public static class LocalPostgresHostingExtensions
{
    public const string ConnectionStringName = "EntryControl";

    /// <summary>
    /// When <c>ConnectionStrings:EntryControl</c> is not set and the environment is Development (or
    /// <c>LocalPostgres:Enabled</c> is true), starts a local PostgreSQL cluster under
    /// <c>LocalPostgres:DataDirectory</c> (default <c>.localdb/postgres</c> in the content root), creates the
    /// database and points the connection string at it. The cluster is stopped when the host stops.
    /// </summary>
    public static async Task UseLocalPostgresWhenUnconfiguredAsync(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ConnectionStringName)))
        {
            return;
        }

        var enabled = builder.Configuration.GetValue("LocalPostgres:Enabled", builder.Environment.IsDevelopment());
        if (!enabled)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Set it, or run in Development to use a local PostgreSQL.");
        }

        var dataDirectory = builder.Configuration["LocalPostgres:DataDirectory"]
            ?? Path.Combine(builder.Environment.ContentRootPath, ".localdb", "postgres");
        var port = builder.Configuration.GetValue("LocalPostgres:Port", 0);
        var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresOptions(dataDirectory, port));
        var connectionString = await cluster.EnsureDatabaseAsync("entrycontrol");
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        builder.Services.AddSingleton(cluster);
        builder.Services.AddHostedService<LocalPostgresLifetime>();
        Console.WriteLine($"Local PostgreSQL: {dataDirectory} on 127.0.0.1:{cluster.Port}");
    }

    private sealed class LocalPostgresLifetime(LocalPostgresCluster cluster, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) =>
            configuration.GetValue("LocalPostgres:StopOnShutdown", true) ? cluster.StopAsync() : Task.CompletedTask;
    }
}
