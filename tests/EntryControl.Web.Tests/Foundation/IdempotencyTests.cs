using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Infrastructure.Idempotency;
using EntryControl.Web.Infrastructure.Scheduling;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>
/// The Idempotency-Key rules while a first request is still running. The test holds the declaration's row lock, as a
/// scan in progress does, so a scan sent meanwhile is really in flight (its key stored, waiting for the row) until the
/// test lets go.
/// </summary>
public sealed class IdempotencyTests(EntryControlApp app) : AppTest(app)
{
    private const string Checkpoint = "CP-LINHE-G7";
    private const string Key = "tablet-7-scan-1";

    private async Task<(HttpClient Officer, string Code)> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        return (await App.StaffClientAsync("checkpointOfficer", checkpoint: Checkpoint), created.GetProperty("code").GetString()!);
    }

    private static async Task<HttpResponseMessage> ScanAsync(HttpClient officer, string code, double temperature = 36.5)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scans")
        {
            Content = JsonContent.Create(new { code, checkpoint = Checkpoint, temperatureCelsius = temperature }),
        };
        request.Headers.Add(IdempotencyMiddleware.Header, Key);
        return await officer.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Takes the declaration's row lock until disposed: scans of it wait meanwhile.</summary>
    private async Task<RowLock> LockDeclarationAsync(string code)
    {
        var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1 FROM declarations WHERE code = @code FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("code", code);
        await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return new RowLock(connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> requests wait for a lock (or <paramref name="done"/> has ended, to fail fast).</summary>
    private Task WaitingForTheRowAsync(int count, Task? done = null) => Eventually.HoldsAsync(async () =>
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        return done is { IsCompleted: true } || (long)(await command.ExecuteScalarAsync())! >= count;
    }, $"{count} scan(s) to wait for the declaration row");

    [Fact]
    public async Task The_same_key_while_the_first_request_runs_is_a_409_and_a_retry_after_it_ends_gets_its_answer()
    {
        var (officer, code) = await ArrangeAsync();
        Task<HttpResponseMessage> first;
        await using (await LockDeclarationAsync(code))
        {
            first = ScanAsync(officer, code);
            await WaitingForTheRowAsync(1, first);

            var problem = await (await ScanAsync(officer, code)).AssertProblemAsync(HttpStatusCode.Conflict);

            Assert.Contains("still being processed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(first.IsCompleted);
        }

        var answered = await (await first).AssertJsonAsync(HttpStatusCode.OK);
        var retried = await ScanAsync(officer, code);
        var replayed = await retried.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(answered.GetProperty("scanId").GetGuid(), replayed.GetProperty("scanId").GetGuid());
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_422_while_the_first_request_runs_and_after_it()
    {
        var (officer, code) = await ArrangeAsync();
        Task<HttpResponseMessage> first;
        await using (await LockDeclarationAsync(code))
        {
            first = ScanAsync(officer, code, temperature: 36.5);
            await WaitingForTheRowAsync(1, first);

            await (await ScanAsync(officer, code, temperature: 37.9)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        }

        await (await first).AssertJsonAsync(HttpStatusCode.OK);
        await (await ScanAsync(officer, code, temperature: 37.9)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal(36.5m, stored.TemperatureCelsius);
    }

    [Fact]
    public async Task A_key_whose_first_request_has_not_answered_for_over_five_minutes_is_given_to_a_retry()
    {
        var (officer, code) = await ArrangeAsync();
        Task<HttpResponseMessage> first;
        Task<HttpResponseMessage> retry;
        await using (await LockDeclarationAsync(code))
        {
            first = ScanAsync(officer, code);
            await WaitingForTheRowAsync(1, first);

            App.Clock.Advance(TimeSpan.FromMinutes(4));
            await (await ScanAsync(officer, code)).AssertProblemAsync(HttpStatusCode.Conflict);

            // Over five minutes without an answer: the first is taken for dead (a crash, a lost connection), and the
            // retry runs as a new request, so it too reaches the scan and waits for the row.
            App.Clock.Advance(TimeSpan.FromMinutes(2));
            retry = ScanAsync(officer, code);
            await WaitingForTheRowAsync(2, retry);
        }

        var retried = await retry;
        await retried.AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        // The first was not dead after all: it ends too, and without an error.
        await (await first).AssertJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_cleanup_deletes_records_older_than_48_hours_and_keeps_younger_ones()
    {
        var now = App.Clock.GetUtcNow();
        await App.WithDbAsync(db =>
        {
            db.IdempotencyRecords.AddRange(
                new IdempotencyRecord { Key = "expired", RequestHash = "0", Completed = true, StatusCode = 200, CreatedAt = now.AddHours(-48).AddMinutes(-1) },
                new IdempotencyRecord { Key = "kept", RequestHash = "0", Completed = true, StatusCode = 200, CreatedAt = now.AddHours(-48).AddMinutes(1) });
            return db.SaveChangesAsync();
        });

        await using var scope = App.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<IdempotencyCleanup>().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, deleted);
        Assert.Equal(["kept"], await App.WithDbAsync(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync()));
    }

    [Fact]
    public async Task The_cleanup_runs_hourly_on_the_clustered_scheduler()
    {
        var scheduler = await App.Services.GetRequiredKeyedService<ISchedulerFactory>(SchedulingExtensions.SchedulerName).GetScheduler(TestContext.Current.CancellationToken);

        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(IdempotencyCleanup.Key, TestContext.Current.CancellationToken)));

        Assert.Equal(TimeSpan.FromHours(1), trigger.RepeatInterval);
        var metadata = await scheduler.GetMetadata(TestContext.Current.CancellationToken);
        Assert.True(metadata.JobStoreClustered);
        Assert.True(metadata.JobStorePersistent);
    }

    private sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
