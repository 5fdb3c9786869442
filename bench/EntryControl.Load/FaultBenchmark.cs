using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Development.LocalPostgres;
using Npgsql;

namespace EntryControl.Load;

/// <summary>
/// The crash run (docs/reliability.md): <c>FaultScans</c> keyed scans, each of its own declaration, sent by
/// <c>FaultClients</c> concurrent clients; each client retries a scan with the same <c>Idempotency-Key</c> until the
/// answer is final (neither 5xx, nor 409, nor a broken connection). Once a third of them are answered PostgreSQL is
/// crashed (<c>pg_ctl stop -m immediate</c>), left down <c>FaultDown</c> seconds and started again. Then: scans sent,
/// rows stored, lost (answered or not, no row), doubled (more than one row), and the error window after PostgreSQL
/// accepted connections again.
/// </summary>
internal sealed class FaultBenchmark(LoadOptions options, WebAppProcess app, LocalPostgresCluster cluster, string connectionString, Report report, List<string> failures)
{
    private sealed record Attempt(int Scan, TimeSpan At, int Status);

    public async Task RunAsync(HttpClient http, string token, IReadOnlyList<string> codes)
    {
        if (codes.Count < options.FaultScans)
        {
            throw new InvalidOperationException($"--fault-scans {options.FaultScans} needs as many active declarations; {codes.Count} were seeded.");
        }

        var url = new Uri(app.BaseAddress, "/api/v1/scans");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var attempts = new ConcurrentBag<Attempt>();
        var finals = new ConcurrentDictionary<int, int>();
        var next = -1;
        var answered = 0;
        TimeSpan? crashedAt = null, upAt = null;

        async Task ClientAsync()
        {
            for (var scan = Interlocked.Increment(ref next); scan < options.FaultScans; scan = Interlocked.Increment(ref next))
            {
                var key = $"fault-{started:HHmmss}-{scan}";
                while (true)
                {
                    int status;
                    try
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, url)
                        {
                            Content = JsonContent.Create(new { code = codes[scan], checkpoint = Demo.Checkpoint, temperatureCelsius = 36.5 }),
                        };
                        request.Headers.Add("Idempotency-Key", key);
                        using var response = await http.SendAsync(request);
                        status = (int)response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        status = 0;
                    }

                    attempts.Add(new Attempt(scan, clock.Elapsed, status));
                    if (status is not (0 or >= 500 or (int)HttpStatusCode.Conflict))
                    {
                        finals[scan] = status;
                        Interlocked.Increment(ref answered);
                        break;
                    }

                    await Task.Delay(200);
                }
            }
        }

        async Task CrashAsync()
        {
            while (Volatile.Read(ref answered) < options.FaultScans / 3)
            {
                await Task.Delay(20);
            }

            crashedAt = clock.Elapsed;
            await cluster.CrashAsync();
            await Task.Delay(TimeSpan.FromSeconds(options.FaultDown));
            await cluster.RestartAsync();
            upAt = clock.Elapsed;
        }

        await Task.WhenAll([CrashAsync(), .. Enumerable.Range(0, options.FaultClients).Select(_ => ClientAsync())]);
        var took = clock.Elapsed;

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT d.code, count(s.id) FROM declarations d LEFT JOIN checkpoint_scans s ON s.declaration_id = d.id AND s.recorded_at >= @started WHERE d.code = ANY(@codes) GROUP BY d.code",
            db);
        count.Parameters.AddWithValue("started", started.AddSeconds(-5));
        count.Parameters.AddWithValue("codes", codes.Take(options.FaultScans).ToArray());
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var used = codes.Take(options.FaultScans).ToList();
        var stored = rows.Values.Sum();
        var lost = used.Count(c => rows.GetValueOrDefault(c) == 0);
        var doubled = used.Count(c => rows.GetValueOrDefault(c) > 1);
        var all = attempts.OrderBy(a => a.At).ToList();
        var errors = all.Where(a => a.Status is 0 or >= 500 or 409).ToList();
        var firstOkAfterUp = upAt is { } up ? all.FirstOrDefault(a => a.At >= up && a.Status is >= 200 and < 300)?.At - up : null;
        var last5xx = errors.LastOrDefault(a => a.Status >= 500);
        var lastError = errors.LastOrDefault();

        report.Line();
        report.Line("## Crash run");
        report.Line();
        report.Line($"- {options.FaultScans:N0} keyed scans from {options.FaultClients} clients in {took.TotalSeconds:F1} s; PostgreSQL crashed (`pg_ctl stop -m immediate`) at {crashedAt?.TotalSeconds:F1} s after {options.FaultScans / 3:N0} answers, down {options.FaultDown} s, accepting connections again at {upAt?.TotalSeconds:F1} s");
        report.Line($"- final answers: {string.Join(", ", finals.Values.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count():N0}"))}; scans without a final answer: {options.FaultScans - finals.Count}");
        report.Line($"- attempts: {all.Count:N0}; failed attempts: {string.Join(", ", errors.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "connection error" : g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {g.Count():N0}"))}");
        report.Line($"- rows stored: {stored:N0}; **lost: {lost}; doubled: {doubled}**");
        report.Line($"- error window after PostgreSQL was back: first 2xx {Seconds(firstOkAfterUp)} after; last 5xx {Seconds(last5xx is null || upAt is null ? null : last5xx.At - upAt)} after; last failed attempt of any kind {Seconds(lastError is null || upAt is null ? null : lastError.At - upAt)} after (negative: before)");
        if (lost > 0 || doubled > 0 || finals.Count < options.FaultScans)
        {
            failures.Add($"crash run: {lost} lost, {doubled} doubled, {options.FaultScans - finals.Count} without an answer");
        }

        if (all.Any(a => a.Status == 500))
        {
            failures.Add($"crash run: {all.Count(a => a.Status == 500)} answers were 500 (a database outage must be 503)");
        }
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds:F2} s" : "n/a";
}
