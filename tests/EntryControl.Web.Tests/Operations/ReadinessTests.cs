using System.Data.Common;
using System.Net;
using EntryControl.Web.Data;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EntryControl.Web.Tests.Operations;

/// <summary><c>/health/ready</c> and the start-up gate: an instance that is still initializing, or whose database is not yet migrated, is not ready.</summary>
public sealed class ReadinessTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task While_the_start_up_step_runs_the_server_answers_live_not_ready_and_503_with_retry_after_to_everything_else()
    {
        using var hold = new HoldCommands("FROM roles");
        var server = new TaskCompletionSource<TestServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<EntryControlDbContext>(options => options.AddInterceptors(hold));
            services.AddSingleton<IHostedService>(provider => new ServerCapture((TestServer)provider.GetRequiredService<IServer>(), server));
        }));
        // Starting the host returns once every service has started, the initializer included: it is held at the roles step.
        var started = Task.Run(() => starting.Server, TestContext.Current.CancellationToken);
        var client = (await server.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)).CreateClient();
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(async () => await StatusOrNullAsync(client, "/health/live") == HttpStatusCode.OK, "the server to listen while the initializer runs");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusOrNullAsync(client, "/health/ready"));
        var api = await client.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken);
        var problem = await api.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("系统正在启动", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(5), api.Headers.RetryAfter?.Delta);
        Assert.False(started.IsCompleted);

        hold.Release();
        await started.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, await StatusOrNullAsync(client, "/health/ready"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/policies", TestContext.Current.CancellationToken)).StatusCode);
        try
        {
            await starting.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // Quartz's cluster manager, stopped moments after the scheduler started, may look up the scheduler in a
            // container the test host already disposed (a test-host order only; the host stops before disposing).
        }
    }

    [Fact]
    public async Task A_database_with_a_migration_pending_is_not_ready_until_it_is_migrated()
    {
        await using var portal = App.WithWebHostBuilder(_ => { });
        var client = portal.CreateClient();
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        // Another instance of a newer release is migrating: its last migration is not recorded yet (as this portal sees it).
        await using var remove = new NpgsqlCommand(
            "DELETE FROM __ef_migrations_history WHERE ctid = (SELECT ctid FROM __ef_migrations_history ORDER BY 1 DESC LIMIT 1) RETURNING *", connection);
        string id, version;
        await using (var reader = await remove.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            (id, version) = (reader.GetString(0), reader.GetString(1));
        }

        try
        {
            var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            await using var restore = new NpgsqlCommand("INSERT INTO __ef_migrations_history VALUES (@id, @version)", connection);
            restore.Parameters.AddWithValue("id", id);
            restore.Parameters.AddWithValue("version", version);
            await restore.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // The pending migrations are read again after a few seconds, not on every probe.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        await Eventually.HoldsAsync(async () => (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK,
            "ready once the migration is recorded");
    }

    private static async Task<HttpStatusCode?> StatusOrNullAsync(HttpClient client, string path)
    {
        try
        {
            return (await client.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode;
        }
        catch (InvalidOperationException)
        {
            // The test server has not started yet.
            return null;
        }
    }

    /// <summary>Hands the test the test server as soon as the host resolves its services, before it starts them.</summary>
    private sealed class ServerCapture(TestServer server, TaskCompletionSource<TestServer> captured) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            captured.TrySetResult(server);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Holds every command containing a piece of SQL until released: a start-up step that takes its time.</summary>
    private sealed class HoldCommands(string trigger) : DbCommandInterceptor, IDisposable
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public void Dispose() => Release();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains(trigger, StringComparison.Ordinal))
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }
}
