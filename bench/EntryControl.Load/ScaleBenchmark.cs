using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace EntryControl.Load;

/// <summary>
/// <c>--scale</c> (issue 15, "Speed"): for each size of <c>--sizes</c> (the database topped up to it), the community
/// follow-up list's 50-row page and the declaration submission at fixed rates, with the page query's EXPLAIN (ANALYZE,
/// BUFFERS) as PostgreSQL ran it; then the traveler surge: the sustainable submission rate (the app started with the
/// rate limits off), and ten times that rate from many addresses against a second instance with the limits on, which
/// must answer the excess 429 with Retry-After, no 5xx, and store every 201. A C# open-loop driver (not wrk) so that
/// each answer's status, Retry-After and latency (from its scheduled send time) are kept.
/// </summary>
internal sealed partial class ScaleBenchmark(
    LoadOptions options, WebAppProcess app, string root, IReadOnlyDictionary<string, string> settings, string connectionString,
    string dataDirectory, string work, Report report, List<string> failures)
{
    private const string Worker = "worker.linhe@demo.entrycontrol.cn";
    private const string Community = "150802001001";

    public async Task RunAsync(int seeded)
    {
        // Enough connections for the surge (the client queues beyond them: that wait counts in the latency), and
        // wrk's timeout.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.RateConnections })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var workerToken = await app.SignInAsync(http, Worker, Demo.Password);
        // The surge first, on the first size: a top-up to millions takes long, and the surge hardly depends on the size.
        if (!options.SkipSurge)
        {
            await SurgeAsync(http, db);
        }
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        report.Line();
        report.Line("## Growth: follow-up page and declaration submission");
        report.Line();
        report.Line("| declarations | list | rate/s | answers | p50 ms | p99 ms | max ms | non-2xx | open tests of the community up to today+3 | page query (EXPLAIN ANALYZE) ms | machine busy | others' CPU before |");
        report.Line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var total = seeded;
        foreach (var size in options.Sizes.Where(s => s >= seeded))
        {
            if (size > total)
            {
                var more = await new DeclarationSeeder(connectionString, options.Seed + size, TimeProvider.System, SeedPlan.Scans).SeedAsync(size - total, CancellationToken.None);
                report.Line($"| topped up by {more.Declarations:N0} in {more.Took.TotalSeconds:F0} s | | | | | | | | | | | |");
                total = size;
            }

            var open = await ScalarAsync<long>(db, $"SELECT count(*) FROM follow_up_tests WHERE community_code = '{Community}' AND date <= '{today.AddDays(3):yyyy-MM-dd}' AND (sampled_at IS NULL OR result IS NULL)");
            var plan = await ExplainPageAsync(http, workerToken, today, size);
            foreach (var (name, path) in new[]
            {
                ("page 1 of 50", $"/api/v1/follow-ups?on={today:yyyy-MM-dd}&community={Community}&page=1&pageSize=50"),
                ("page 3 of 50", $"/api/v1/follow-ups?on={today:yyyy-MM-dd}&community={Community}&page=3&pageSize=50"),
            })
            {
                var run = await MeasureAsync(http, options.ListRate, TimeSpan.FromSeconds(options.Duration), _ => Get(path, workerToken));
                report.Line($"| {size:N0} | {name} | {options.ListRate} | {run.Answers.Count:N0} | {run.P(50):F1} | {run.P(99):F1} | {run.Max:F1} | {run.Answers.Count(a => (int)a.Status is < 200 or > 299)} | {open:N0} | {plan.Ms:F1} | {run.MachineBusy:F0}% | {run.OthersBefore:F0}% |");
                Check(run, $"{size:N0} {name}", s => s == HttpStatusCode.OK);
            }

            // The whole unpaged list (as /community reads it), a few times, for comparison.
            var whole = await MeasureAsync(http, 1, TimeSpan.FromSeconds(5), _ => Get($"/api/v1/follow-ups?on={today:yyyy-MM-dd}&community={Community}", workerToken));
            report.Line($"| {size:N0} | whole list, unpaged | 1 | {whole.Answers.Count} | {whole.P(50):F1} | {whole.P(99):F1} | {whole.Max:F1} | {whole.Answers.Count(a => (int)a.Status is < 200 or > 299)} | {open:N0} | | {whole.MachineBusy:F0}% | {whole.OthersBefore:F0}% |");
            var before = await ScalarAsync<long>(db, "SELECT count(*) FROM declarations");
            var submit = await MeasureAsync(http, options.SubmitRate, TimeSpan.FromSeconds(options.Duration), i => Submit(i, null));
            var added = await ScalarAsync<long>(db, "SELECT count(*) FROM declarations") - before;
            var created = submit.Answers.Count(a => a.Status == HttpStatusCode.Created);
            report.Line($"| {size:N0} | POST declarations | {options.SubmitRate} | {submit.Answers.Count:N0} | {submit.P(50):F1} | {submit.P(99):F1} | {submit.Max:F1} | {submit.Answers.Count - created} | | | {submit.MachineBusy:F0}% | {submit.OthersBefore:F0}% |");
            Check(submit, $"{size:N0} submissions", s => s == HttpStatusCode.Created);
            if (added != created)
            {
                failures.Add($"{size:N0} submissions: {created} answered 201 but {added} declarations added");
            }

            total += (int)added;
            await File.WriteAllTextAsync(Path.Combine(work, $"explain-{size}.txt"), plan.Text);
            report.Line();
            report.Line($"<details><summary>page query at {size:N0}</summary>");
            report.Line();
            report.Line("```");
            report.Line(plan.Sql);
            report.Line(plan.Text);
            report.Line("```");
            report.Line("</details>");
            report.Line();
        }
    }

    private async Task SurgeAsync(HttpClient http, NpgsqlConnection db)
    {
        report.Line();
        report.Line("## Traveler surge");
        report.Line();
        // The sustainable rate: closed loop, as fast as the connections go, on the instance without limits.
        var sustained = await ClosedLoopAsync(http, options.Connections, TimeSpan.FromSeconds(options.Duration));
        report.Line($"- sustainable rate (limits off, {options.Connections} connections, {options.Duration} s, closed loop): {sustained.Rate:F0} declarations/s " +
            $"(p50 {sustained.P50:F0} ms, p99 {sustained.P99:F0} ms, non-201 {sustained.Other})");
        var limit = options.SurgeLimit ?? Math.Max(1, (int)(sustained.Rate * 0.8));
        var surgeRate = Math.Max(10, (int)Math.Round(sustained.Rate * 10));

        var limitedSettings = new Dictionary<string, string>(settings)
        {
            ["RateLimiting__Enabled"] = "true",
            ["RateLimiting__DeclarationsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
            ["Proxy__KnownProxies__0"] = "127.0.0.1",
            // Must not seed the demo data again: they are there.
            ["Seed__DemoData"] = "false",
        };
        var limited = WebAppProcess.Start(root, new Uri($"http://127.0.0.1:{options.WebPort + 2}/"), limitedSettings, Path.Combine(work, "app-limited.log"));
        await using (limited)
        {
            await limited.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(3));
            var before = await ScalarAsync<long>(db, "SELECT count(*) FROM declarations");
            var run = await MeasureAsync(http, surgeRate, TimeSpan.FromSeconds(options.Duration), i => Submit(i, limited.BaseAddress), limited);
            var added = await ScalarAsync<long>(db, "SELECT count(*) FROM declarations") - before;
            var created = run.Answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
            var rejected = run.Answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
            var server = run.Answers.Count(a => (int)a.Status >= 500);
            var failed = run.Answers.Count(a => a.Status == 0);
            var other = run.Answers.Count - created.Count - rejected.Count - server - failed;
            var withoutRetryAfter = rejected.Count(a => !a.RetryAfter);
            report.Line($"- instance limit RateLimiting:DeclarationsPerSecond = {limit} (80% of the sustainable rate unless --surge-limit), per-address limit 120/min; " +
                $"X-Forwarded-For trusted from 127.0.0.1, a random address per request");
            report.Line();
            report.Line("| offered rate/s | sent | 201 | 429 | 429 without Retry-After | 5xx | other 4xx | failed (timeout/socket) | 201 p50 ms | 201 p99 ms | 429 p99 ms | 201/s | declarations added | app CPU s | machine busy | others' CPU before |");
            report.Line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            report.Line($"| {surgeRate} | {run.Answers.Count:N0} | {created.Count:N0} | {rejected.Count:N0} | {withoutRetryAfter} | {server} | {other} | {failed} | " +
                $"{Percentile(created, 50):F1} | {Percentile(created, 99):F1} | {Percentile(rejected, 99):F1} | {created.Count / options.Duration:F0} | {added:N0} | {run.AppCpu.TotalSeconds:F1} | {run.MachineBusy:F0}% | {run.OthersBefore:F0}% |");
            if (server > 0 || failed > 0 || withoutRetryAfter > 0 || added != created.Count)
            {
                failures.Add($"surge: {server} 5xx, {failed} failed, {withoutRetryAfter} 429 without Retry-After, {created.Count} 201 vs {added} added");
            }
        }
    }

    private async Task<(double Ms, string Text, string Sql)> ExplainPageAsync(HttpClient http, string token, DateOnly today, int size)
    {
        // The query as EF Core sent it: logged by PostgreSQL for one request, then explained with its parameters.
        var log = Path.Combine(dataDirectory, "server.log");
        var offset = new FileInfo(log).Length;
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, "ALTER SYSTEM SET log_min_duration_statement = 0; SELECT pg_reload_conf();");
            await Task.Delay(300);
            using var response = await http.SendAsync(Get($"/api/v1/follow-ups?on={today:yyyy-MM-dd}&community={Community}&page=1&pageSize=50", token));
            response.EnsureSuccessStatusCode();
            await ExecuteAsync(admin, "ALTER SYSTEM RESET log_min_duration_statement; SELECT pg_reload_conf();");
        }

        string text;
        await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            text = await new StreamReader(stream).ReadToEndAsync();
        }

        var entries = LogEntry().Split(text).Where(e => e.Length > 0).ToList();
        var index = entries.FindLastIndex(e => e.Contains("execute", StringComparison.Ordinal) && e.Contains("FROM follow_up_tests", StringComparison.Ordinal) && e.Contains("LIMIT", StringComparison.Ordinal));
        if (index < 0)
        {
            failures.Add($"{size:N0}: the page query was not found in the PostgreSQL log");
            return (double.NaN, "(not found)", string.Empty);
        }

        var sql = entries[index][(entries[index].IndexOf(": SELECT", StringComparison.Ordinal) + 2)..].Trim();
        var detail = index + 1 < entries.Count && entries[index + 1].Contains("DETAIL:", StringComparison.Ordinal) ? entries[index + 1] : string.Empty;
        var parameters = Parameter().Matches(detail).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        var bound = parameters.Keys.OrderDescending().Aggregate(sql, (s, n) => s.Replace($"${n}", parameters[n], StringComparison.Ordinal));
        await using var explain = new NpgsqlConnection(connectionString);
        await explain.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + bound, explain);
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var execution = lines.Select(l => ExecutionTime().Match(l)).FirstOrDefault(m => m.Success);
        return (execution is null ? double.NaN : double.Parse(execution.Groups[1].Value, CultureInfo.InvariantCulture), string.Join('\n', lines), bound);
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private HttpRequestMessage Submit(long i, Uri? baseAddress)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var arrival = new DateTimeOffset(now.Date.AddDays(3).AddHours(10), now.Offset);
        var request = new HttpRequestMessage(HttpMethod.Post, baseAddress is null ? "/api/v1/declarations" : new Uri(baseAddress, "/api/v1/declarations").ToString())
        {
            Content = JsonContent.Create(new
            {
                traveler = new { name = "压测" + (i % 1000).ToString(CultureInfo.InvariantCulture), idType = "residentId", idNumber = ResidentId(i), phone = "138" + (i % 100_000_000).ToString("D8", CultureInfo.InvariantCulture) },
                community = Community,
                address = "临河区新华街 1 号",
                trip = new
                {
                    arrivalAt = arrival.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                    stays = new[] { new { region = "610113", from = $"{arrival.AddDays(-4):yyyy-MM-dd}", to = $"{arrival.AddDays(-1):yyyy-MM-dd}" } },
                    nucleicAcidTest = new { sampledAt = arrival.AddDays(-1).ToString("yyyy-MM-dd'T'09:00:00zzz", CultureInfo.InvariantCulture), result = "negative" },
                    occupation = "none",
                    travelerType = "person",
                    homeIsolationFeasible = true,
                },
                attestation = true,
            }),
        };
        // A traveler of their own: the proxy's header names a random client address (only believed from 127.0.0.1).
        request.Headers.Add("X-Forwarded-For", $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}");
        return request;
    }

    private static string ResidentId(long i)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var birth = new DateOnly(1950, 1, 1).AddDays((int)(i % (365 * 58)));
        var body = string.Create(CultureInfo.InvariantCulture, $"110105{birth:yyyyMMdd}{i % 1000:D3}");
        var sum = 0;
        for (var k = 0; k < 17; k++)
        {
            sum += (body[k] - '0') * weights[k];
        }

        return body + "10X98765432"[sum % 11];
    }

    private sealed record Answer(HttpStatusCode Status, double Ms, bool RetryAfter);

    private sealed record Run(List<Answer> Answers, double MachineBusy, double OthersBefore, TimeSpan AppCpu)
    {
        public double P(double percentile) => Percentile(Answers, percentile);

        public double Max => Answers.Count == 0 ? double.NaN : Answers.Max(a => a.Ms);
    }

    private static double Percentile(List<Answer> answers, double percentile)
    {
        if (answers.Count == 0)
        {
            return double.NaN;
        }

        var sorted = answers.Select(a => a.Ms).Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Open loop: request i is due at i/rate s; its latency counts from then, so a server falling behind shows.</summary>
    private async Task<Run> MeasureAsync(HttpClient http, int rate, TimeSpan duration, Func<long, HttpRequestMessage> make, WebAppProcess? target = null)
    {
        var idle = CpuMeter.Machine();
        await Task.Delay(1000);
        var othersBefore = CpuMeter.BusyPercent(idle, CpuMeter.Machine());
        var machineBefore = CpuMeter.Machine();
        var cpuBefore = (target ?? app).ProcessorTime();
        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        var count = (long)(rate * duration.TotalSeconds);
        var sends = new List<Task>((int)count);
        for (long i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            sends.Add(SendAsync(http, make(i), due, clock, answers));
        }

        await Task.WhenAll(sends);
        return new Run([.. answers], CpuMeter.BusyPercent(machineBefore, CpuMeter.Machine()), othersBefore, (target ?? app).ProcessorTime() - cpuBefore);
    }

    private static async Task SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan due, Stopwatch clock, ConcurrentBag<Answer> answers)
    {
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            answers.Add(new Answer(response.StatusCode, (clock.Elapsed - due).TotalMilliseconds, response.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answers.Add(new Answer(0, (clock.Elapsed - due).TotalMilliseconds, false));
        }
        finally
        {
            request.Dispose();
        }
    }

    private async Task<(double Rate, double P50, double P99, int Other)> ClosedLoopAsync(HttpClient http, int connections, TimeSpan duration)
    {
        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        long next = 1_000_000;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                var request = Submit(Interlocked.Increment(ref next), app.BaseAddress);
                await SendAsync(http, request, started, clock, answers);
            }
        }));
        var all = answers.ToList();
        var created = all.Where(a => a.Status == HttpStatusCode.Created).ToList();
        return (created.Count / clock.Elapsed.TotalSeconds, Percentile(created, 50), Percentile(created, 99), all.Count - created.Count);
    }

    private void Check(Run run, string name, Func<HttpStatusCode, bool> expected)
    {
        var wrong = run.Answers.Where(a => !expected(a.Status)).GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}").ToList();
        if (wrong.Count > 0)
        {
            failures.Add($"{name}: {string.Join(", ", wrong)}");
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A log line starts with the default prefix's timestamp; the lines after it belong to the same entry.</summary>
    [GeneratedRegex(@"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", RegexOptions.Multiline)]
    private static partial Regex LogEntry();

    [GeneratedRegex(@"\$(\d+) = ('(?:[^']|'')*'|NULL)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"Execution Time: ([\d.]+) ms")]
    private static partial Regex ExecutionTime();
}
