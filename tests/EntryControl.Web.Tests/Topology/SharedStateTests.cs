using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Infrastructure.Caching;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EntryControl.Web.Tests.Topology;

/// <summary>
/// Issue 15, stateless instances, with a second portal host in this process over the same database (its own key ring
/// provider, registry snapshot and caches): the key ring lives encrypted in PostgreSQL, and a change made on one
/// instance reaches the other's caches through LISTEN/NOTIFY, long before their own refresh.
/// </summary>
public sealed class SharedStateTests(EntryControlApp app) : AppTest(app)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);

    private static readonly object Trip = new
    {
        destination = "150802",
        arrivalAt = "2022-11-20T10:00:00+08:00",
        stays = new[] { new { region = "110101", areas = new[] { "东华门街道" }, from = "2022-11-14", to = "2022-11-18" } },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Another instance whose own caches would keep a stale view for an hour (the registry) or 5 s (sessions).</summary>
    private WebApplicationFactory<Program> OtherInstance(params (string Key, string Value)[] settings) => App.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("RiskAreas:RefreshSeconds", "3600");
        builder.UseSetting("Auth:SessionCheckSeconds", "5"); // the longest allowed
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    });

    private static async Task<string?> MeasureAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip, Ct)).AssertJsonAsync(HttpStatusCode.OK))
            .GetProperty("measure").GetString();

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < limit, $"Not seen within {limit.TotalSeconds} s.");
            await Task.Delay(20, Ct);
        }

        return clock.Elapsed;
    }

    private static Task<TimeSpan> ListeningAsync(WebApplicationFactory<Program> instance) =>
        UntilAsync(() => Task.FromResult(instance.Services.GetRequiredService<CacheInvalidation>().Listening), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_designation_written_on_one_instance_changes_an_evaluation_on_the_other_within_a_second()
    {
        await using var other = OtherInstance();
        var otherClient = other.CreateClient();
        await ListeningAsync(other);
        await ListeningAsync(App);
        Assert.Equal("threeDayTwoTests", await MeasureAsync(otherClient));

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10" }, Ct))
            .EnsureSuccessStatusCode();

        var seenAfter = await UntilAsync(async () => await MeasureAsync(otherClient) == "homeIsolation", Soon);
        Assert.True(seenAfter < Soon);
    }

    [Fact]
    public async Task An_account_disabled_on_one_instance_is_refused_on_the_other_within_a_second()
    {
        await using var other = OtherInstance();
        await ListeningAsync(other);
        var officer = await App.StaffClientAsync(EntryControl.Web.Features.Auth.Roles.CommandCenter);
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = officer.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/api/v1/checkpoints", Ct)).StatusCode);

        // Sign the officer out everywhere on the first instance: the other has cached "valid" for an hour.
        (await officer.PostAsync("/api/v1/auth/logout", null, Ct)).EnsureSuccessStatusCode();

        await UntilAsync(async () => (await onOther.GetAsync("/api/v1/checkpoints", Ct)).StatusCode == HttpStatusCode.Unauthorized, Soon);
    }

    [Fact]
    public async Task An_instance_that_lost_its_listening_connection_drops_its_caches_and_hears_again()
    {
        await using var other = OtherInstance();
        var otherClient = other.CreateClient();
        var listener = other.Services.GetRequiredService<CacheInvalidation>();
        await ListeningAsync(other);
        Assert.Equal("threeDayTwoTests", await MeasureAsync(otherClient));

        // The database drops every listening connection (a failover, a restart, a network cut).
        await using (var connection = new NpgsqlConnection(App.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()", connection);
            Assert.True((long)(await terminate.ExecuteScalarAsync(Ct))! >= 1);
        }

        await UntilAsync(() => Task.FromResult(!listener.Listening), TimeSpan.FromSeconds(10));
        await ListeningAsync(other);
        await ListeningAsync(App);
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10" }, Ct))
            .EnsureSuccessStatusCode();

        await UntilAsync(async () => await MeasureAsync(otherClient) == "homeIsolation", Soon);
    }

    [Fact]
    public async Task The_key_ring_is_in_the_database_encrypted_and_serves_every_instance()
    {
        var admin = await App.AdminClientAsync();
        await using var other = OtherInstance();
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/api/v1/checkpoints", Ct)).StatusCode);
        var keys = await App.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync(Ct));
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("KeyRingXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.Contains("<aesGcmEncryptedKey", xml, StringComparison.Ordinal);
            // The key material (Data Protection's <masterKey> element) is only inside the ciphertext.
            Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_instance_with_another_key_encryption_key_cannot_read_the_ring_and_refuses_the_token()
    {
        var admin = await App.AdminClientAsync();
        var before = await App.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Id).ToListAsync(Ct));
        try
        {
            await using var stranger = OtherInstance(("DataProtection:KeyEncryptionKey", Convert.ToBase64String(new byte[32])));
            var client = stranger.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.DefaultRequestHeaders.Authorization!.Parameter);

            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/checkpoints", Ct)).StatusCode);
        }
        finally
        {
            // The stranger may have made itself a key the real instances cannot read: not left for the other tests.
            await App.WithDbAsync(db => db.DataProtectionKeys.Where(k => !before.Contains(k.Id)).ExecuteDeleteAsync(Ct));
        }
    }
}
