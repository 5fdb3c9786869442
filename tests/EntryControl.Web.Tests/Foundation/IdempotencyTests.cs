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
    public async Task A_scan_whose_commit_went_through_but_whose_answer_was_lost_is_replayed_to_its_retry_and_stored_once()
    {
        var (officer, code) = await ArrangeAsync();
        App.Faults.LoseCommitAfter("INSERT INTO checkpoint_scans");

        var lost = await ScanAsync(officer, code);
        await lost.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(lost.Headers.RetryAfter is not null, "a 503 says when to retry");

        var retried = await ScanAsync(officer, code);
        await retried.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task A_key_whose_request_died_with_its_database_connection_is_free_for_an_immediate_retry_and_nothing_of_it_is_kept()
    {
        var (officer, code) = await ArrangeAsync();
        // The scan's insert fails and so does everything after it on that request's connection (PostgreSQL crashed).
        App.Faults.FailCommandsFrom("INSERT INTO checkpoint_scans");

        await (await ScanAsync(officer, code)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.IdempotencyRecords.CountAsync()));

        var retried = await ScanAsync(officer, code);
        await retried.AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task Anonymous_callers_at_different_addresses_do_not_share_keys_and_the_same_address_gets_its_answer_replayed()
    {
        var traveler = App.CreateClient();
        async Task<HttpResponseMessage> DeclareAsync(string address, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(body) };
            request.Headers.Add(IdempotencyMiddleware.Header, "phone-1");
            request.Headers.Add(TestAddresses.Header, address);
            return await traveler.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var first = await (await DeclareAsync("203.0.113.7", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        // Another traveler who happens to use the same key, with another trip: a declaration of their own, not a 422.
        var other = await (await DeclareAsync("198.51.100.9", DeclarationApiTests.Body(stayRegion: "150102"))).AssertJsonAsync(HttpStatusCode.Created);
        var again = await DeclareAsync("203.0.113.7", DeclarationApiTests.Body());

        Assert.NotEqual(first.GetProperty("code").GetString(), other.GetProperty("code").GetString());
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("code").GetString(), (await again.AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString());
        Assert.Equal(2, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Fact]
    public async Task A_unique_violation_that_reaches_an_endpoint_is_a_409_problem_not_a_500()
    {
        var (officer, code) = await ArrangeAsync();
        App.Faults.FailCommandsFrom("INSERT INTO checkpoint_scans", _ => new PostgresException("duplicate key value violates unique constraint (injected)", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation));

        await (await ScanAsync(officer, code)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
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
