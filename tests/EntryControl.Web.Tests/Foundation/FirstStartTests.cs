using System.Globalization;
using System.Net;
using EntryControl.Web.Data;
using EntryControl.Web.Tests.Infrastructure;
using Npgsql;
using Serilog.Events;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>The very first start of a portal, on an empty database: what a newcomer and an operator see in the log.</summary>
public sealed class FirstStartTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task A_first_start_on_an_empty_database_migrates_and_logs_no_error()
    {
        var database = $"entrycontrol_first_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        try
        {
            var fresh = new NpgsqlConnectionStringBuilder(App.ConnectionString) { Database = database }.ConnectionString;
            App.Logs.Clear();
            await using (var first = App.WithWebHostBuilder(builder =>
                builder.UseSetting($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}", fresh)))
            {
                var client = first.CreateClient();
                await Eventually.HoldsAsync(
                    async () => (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode == HttpStatusCode.OK,
                    "the first start to be ready");
            }

            var errors = App.Logs.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.RenderMessage(CultureInfo.InvariantCulture)).ToList();
            Assert.True(errors.Count == 0, "The first start logged errors:\n" + string.Join("\n", errors));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(App.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}
