using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Tests.Infrastructure;
using Npgsql;

namespace EntryControl.Web.Tests.Topology;

/// <summary>
/// Issue 15: two portal processes on loopback over one PostgreSQL database, as behind the proxy of the
/// docker-compose topology. What one instance issues or writes is good on the other at once, an idempotent retry
/// that lands on the other instance is answered from the first one's record, background work runs once in the
/// cluster, and an instance that is stopped mid-load finishes what it has started, so no scan is lost.
/// Real time here (no test clock in another process): trips are dated around today.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TwoInstanceTests(EntryControlApp app) : IAsyncLifetime
{
    private const string Community = "150802001001";
    private const string Checkpoint = "CP-LINHE-G7";
    private const string OfficerEmail = "officer@topology.entrycontrol.cn";
    private const string OfficerPassword = "Officer-pass-1";
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly string _database = $"entrycontrol_topology_{Guid.NewGuid():N}";
    private readonly List<PortalProcess> _portals = [];
    private string _connectionString = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, China).DateTime);

    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Ct);
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {_database}", connection))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        _connectionString = new NpgsqlConnectionStringBuilder(app.ConnectionString) { Database = _database }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var portal in _portals)
        {
            await portal.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Two_instances_share_tokens_registry_changes_idempotent_answers_and_run_background_work_once()
    {
        var (a, b) = await StartPairAsync();
        using var onA = a.CreateClient();
        using var onB = b.CreateClient();

        // A token issued by one instance is accepted by the other (the key ring is in the database, not in HOME).
        var admin = await SignInAsync(onA, EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        using (var request = Authorized(HttpMethod.Get, "/api/v1/checkpoints", admin))
        {
            var response = await onB.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await Diagnose(response, a, b));
        }

        await ArrangeReferenceDataAsync(onA, admin);
        // Declarations through both instances, travelers who were in 东华门街道 last week.
        var codes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add(await DeclareAsync(i % 2 == 0 ? onA : onB, i));
        }

        // An idempotent retry that lands on the other instance is answered from the first one's record.
        var key = Guid.NewGuid().ToString();
        var first = await onA.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(Declaration(100)) }, key), Ct);
        var retried = await onB.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, "/api/v1/declarations") { Content = JsonContent.Create(Declaration(100)) }, key), Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal("true", retried.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed.Single() : null);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retried.Content.ReadAsStringAsync(Ct));
        Assert.Equal(codes.Count + 1, await CountAsync("SELECT count(*) FROM declarations"));

        // A designation written on A changes an evaluation on B within a second (B's own refresh is an hour away).
        Assert.Equal("threeDayTwoTests", await MeasureAsync(onB));
        var written = Stopwatch.StartNew();
        using (var designate = Authorized(HttpMethod.Post, "/api/v1/risk-areas", admin))
        {
            designate.Content = JsonContent.Create(new { region = "110101", area = "东华门街道", level = "high", from = Iso(Today.AddDays(-10)) });
            var response = await onA.SendAsync(designate, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await Diagnose(response, a, b));
            written.Restart();
            var change = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("registryChange").GetString()!;
            while (await MeasureAsync(onB) != "homeIsolation")
            {
                Assert.True(written.Elapsed < TimeSpan.FromSeconds(1), $"B still decided on the old registry after {written.Elapsed.TotalMilliseconds:F0} ms.");
                await Task.Delay(20, Ct);
            }

            // Background work runs once: both schedulers are in the cluster, and each candidate is re-decided once.
            var progress = await DoneAsync(onB, admin, change, a, b);
            Assert.Equal(2L, await CountAsync("SELECT count(*) FROM qrtz_scheduler_state"));
            Assert.Equal(codes.Count + 1, progress.GetProperty("candidates").GetInt32());
            Assert.Equal(codes.Count + 1, progress.GetProperty("processed").GetInt32());
            foreach (var code in codes)
            {
                var declaration = await (await onA.GetAsync($"/api/v1/declarations/{code}", Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
                var redecisions = declaration.GetProperty("decisionHistory").EnumerateArray()
                    .Where(h => h.GetProperty("occasion").GetString() == "reevaluated").ToList();
                Assert.Equal(change, Assert.Single(redecisions).GetProperty("cause").GetProperty("registryChange").GetString());
            }
        }
    }

    [Fact]
    public async Task An_instance_stopped_mid_load_finishes_its_requests_and_no_scan_is_lost_or_doubled()
    {
        var (a, b) = await StartPairAsync();
        using var onA = a.CreateClient(TimeSpan.FromSeconds(20));
        using var onB = b.CreateClient(TimeSpan.FromSeconds(20));
        var admin = await SignInAsync(onA, EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        await ArrangeReferenceDataAsync(onA, admin);
        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add(await DeclareAsync(onB, i));
        }

        var officer = await SignInAsync(onA, OfficerEmail, OfficerPassword);
        const int scans = 240;
        const int tablets = 6;
        var next = -1;
        var done = 0;
        var outcomes = new ConcurrentBag<(string Key, HttpStatusCode Status, string Via, int Attempts)>();
        var unexpected = new ConcurrentBag<string>();
        var stopping = new TaskCompletionSource();
        var answeredByAWhileStopping = 0;

        async Task TabletAsync(int tablet)
        {
            while (Interlocked.Increment(ref next) is var n && n < scans)
            {
                var key = Guid.NewGuid().ToString();
                var body = new { code = codes[n % codes.Count], checkpoint = Checkpoint, temperatureCelsius = 36.5 };
                // Spread over both instances, as the proxy does; a tablet whose instance went away retries elsewhere.
                var targets = (n % 2 == 0 ? new[] { (onA, "A"), (onB, "B") } : [(onB, "B"), (onA, "A")]).ToList();
                for (var attempt = 1; ; attempt++)
                {
                    var (client, name) = targets[Math.Min(attempt - 1, targets.Count - 1) % targets.Count];
                    if (a.HasExited && name == "A")
                    {
                        (client, name) = (onB, "B");
                    }

                    try
                    {
                        using var request = WithKey(Authorized(HttpMethod.Post, "/api/v1/scans", officer), key);
                        request.Content = JsonContent.Create(body);
                        var wasStopping = stopping.Task.IsCompleted;
                        using var response = await client.SendAsync(request, Ct);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                        {
                            await Task.Delay(100, Ct);
                            continue;
                        }

                        if ((int)response.StatusCode >= 500)
                        {
                            unexpected.Add($"{name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
                        }

                        if (wasStopping && name == "A")
                        {
                            Interlocked.Increment(ref answeredByAWhileStopping);
                        }

                        outcomes.Add((key, response.StatusCode, name, attempt));
                        break;
                    }
                    catch (HttpRequestException) when (attempt < 5)
                    {
                        // Refused or reset by the instance that is stopping: the same key again, on the other one.
                        targets = [(onB, "B")];
                    }
                }

                if (Interlocked.Increment(ref done) == scans / 4)
                {
                    stopping.TrySetResult();
                }
            }
        }

        var load = Enumerable.Range(0, tablets).Select(TabletAsync).ToList();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        var stop = a.StopGracefullyAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(load);
        await stop;

        Assert.True(unexpected.IsEmpty, string.Join('\n', unexpected) + "\n" + await a.TailAsync());
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(scans, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.OK, o.Status));
        // Each scan the tablets were told about is stored exactly once: none lost with the stopped instance, none doubled
        // by a retry on the other.
        Assert.Equal(scans, await CountAsync("SELECT count(*) FROM checkpoint_scans"));
        Assert.True(outcomes.Any(o => o.Via == "B"), "The load never reached B.");
        var log = await a.LogAsync();
        Assert.Contains("Application is shutting down", log, StringComparison.Ordinal);
        Assert.Contains("hutdown complete", log, StringComparison.Ordinal);
        TestContext.Current.SendDiagnosticMessage(
            $"Graceful stop: {outcomes.Count(o => o.Via == "A")} scans answered by A ({answeredByAWhileStopping} after SIGTERM), {outcomes.Count(o => o.Via == "B")} by B, {outcomes.Count(o => o.Attempts > 1)} retried.");
    }

    private async Task<(PortalProcess A, PortalProcess B)> StartPairAsync()
    {
        // One after the other: the first applies the migrations, the second finds them applied.
        var a = Start("a");
        await a.WaitUntilReadyAsync(StartLimit, Ct);
        var b = Start("b");
        await b.WaitUntilReadyAsync(StartLimit, Ct);
        return (a, b);
    }

    private PortalProcess Start(string name)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__EntryControl"] = _connectionString,
            ["Database__MigrateOnStartup"] = "true",
            ["Bootstrap__AdminEmail"] = EntryControlApp.AdminEmail,
            ["Bootstrap__AdminPassword"] = EntryControlApp.AdminPassword,
            ["PersonalData__CurrentKey"] = EntryControlApp.CurrentPersonalDataKey,
            [$"PersonalData__Keys__{EntryControlApp.CurrentPersonalDataKey}"] = app.PersonalDataKeys[EntryControlApp.CurrentPersonalDataKey],
            ["PersonalData__HashKey"] = app.PersonalDataHashKey,
            ["RateLimiting__PermitPerMinute"] = "100000",
            ["Auth__SignInPermitPerMinute"] = "100000",
            // Only an announcement can make the other instance see a registry change within the tests' second.
            ["RiskAreas__RefreshSeconds"] = "3600",
        };
        var portal = PortalProcess.Start(name, settings);
        _portals.Add(portal);
        return portal;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    private static async Task<string> SignInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task ArrangeReferenceDataAsync(HttpClient client, string admin)
    {
        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/v1/communities", new { code = Community, name = "新华社区", region = "150802" }),
            ("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" }),
            ("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = Checkpoint }),
        })
        {
            using var request = Authorized(HttpMethod.Post, path, admin);
            request.Content = JsonContent.Create(body);
            (await client.SendAsync(request, Ct)).EnsureSuccessStatusCode();
        }
    }

    private static object Trip => new
    {
        destination = "150802",
        arrivalAt = ArrivalAt,
        stays = new[] { new { region = "110101", areas = new[] { "东华门街道" }, from = Iso(Today.AddDays(-6)), to = Iso(Today.AddDays(-2)) } },
        nucleicAcidTest = new { sampledAt = $"{Iso(Today.AddDays(-1))}T09:00:00+08:00", result = "negative" },
    };

    private static string ArrivalAt => $"{Iso(Today.AddDays(2))}T10:00:00+08:00";

    private static object Declaration(int traveler) => new
    {
        traveler = new { name = "张三", idType = "residentId", idNumber = ResidentId(traveler), phone = "13800000000" },
        community = Community,
        address = "临河区新华街 1 号",
        trip = new
        {
            arrivalAt = ArrivalAt,
            stays = new[] { new { region = "110101", areas = new[] { "东华门街道" }, from = Iso(Today.AddDays(-6)), to = Iso(Today.AddDays(-2)) } },
            nucleicAcidTest = new { sampledAt = $"{Iso(Today.AddDays(-1))}T09:00:00+08:00", result = "negative" },
            occupation = "none",
            travelerType = "person",
            homeIsolationFeasible = true,
        },
        attestation = true,
    };

    private static async Task<string> DeclareAsync(HttpClient client, int traveler)
    {
        var response = await client.PostAsJsonAsync("/api/v1/declarations", Declaration(traveler), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;
    }

    private static async Task<string?> MeasureAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/evaluations", Trip, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("measure").GetString();
    }

    private static async Task<JsonElement> DoneAsync(HttpClient client, string admin, string change, PortalProcess a, PortalProcess b)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var request = Authorized(HttpMethod.Get, $"/api/v1/registry-changes/{change}", admin);
            var progress = await (await client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (progress.GetProperty("status").GetString() == "done")
            {
                return progress;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"The re-evaluation did not finish: {progress}\n{await a.TailAsync()}\n{await b.TailAsync()}");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>A valid resident ID number (GB 11643 check digit) for traveler <paramref name="n"/>, born 1990-01-01 in 东城区.</summary>
    private static string ResidentId(int n)
    {
        var body = $"11010119900101{n % 1000:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> Diagnose(HttpResponseMessage response, PortalProcess a, PortalProcess b) =>
        $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{await a.TailAsync()}\n{await b.TailAsync()}";
}
