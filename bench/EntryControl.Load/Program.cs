// The checkpoint scan load benchmark (issue 5). One run: a throwaway PostgreSQL, the web app's Release build (with
// the development tools, for the baseline) on Kestrel at 127.0.0.1, 100,000 seeded declarations, an officer's bearer
// token, then wrk (scan.lua, a random seeded code per request) against POST /api/v1/scans and the raw-Npgsql baseline
// POST /api/bench/baseline/scans: a warm-up, a max-throughput run of each and a fixed-rate run of each; every run is
// checked (no non-2xx, no socket errors, the scan rows grew by the requests answered). Results and method:
// docs/benchmarks.md.
//
//   dotnet run -c Release --project bench/EntryControl.Load [-- --help]
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using EntryControl.Load;
using EntryControl.Web.Development.LocalPostgres;
using Npgsql;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

if (!Build.IsRelease)
{
    Console.Error.WriteLine("Run the benchmark in Release: dotnet run -c Release --project bench/EntryControl.Load");
    return 2;
}

var options = LoadOptions.Parse(args);
var root = Build.RepositoryRoot();
var work = Path.GetFullPath(options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"entrycontrol-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}"));
Directory.CreateDirectory(work);
var report = new Report(Path.Combine(work, "report.md"));
report.Line($"# {(options.Reevaluation ? "Re-evaluation (协查)" : options.Scale ? "Scale (follow-up list, surge, growth)" : "Checkpoint scan load")} benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
report.Line();
report.Line($"- machine: {Build.Machine()}");
report.Line($"- .NET {Environment.Version}, {Build.Tool("wrk", "--version").Split('\n')[0].Trim()}, {Build.Tool("pg_config", "--version").Trim()}");
report.Line($"- load average at start: {CpuMeter.LoadAverage()}");
report.Line($"- PostgreSQL: {(options.Durable ? "fsync and synchronous_commit on (production defaults)" : "fsync and synchronous_commit off")}, 127.0.0.1:{options.PostgresPort}");
report.Line($"- work folder (app log, wrk output, codes): {work}");

var dataDirectory = Path.Combine(work, "postgres");
var cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresClusterOptions(dataDirectory, options.PostgresPort, Throwaway: !options.Durable));
var failures = new List<string>();
var notes = new List<string>();
try
{
    var connectionString = await cluster.EnsureDatabaseAsync("entrycontrol_load");
    if (options.PostgresSettings.Count > 0)
    {
        await using var postgres = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await postgres.OpenAsync();
        foreach (var (name, value) in options.PostgresSettings)
        {
            // Setting names cannot be parameters; the name was checked to be [a-z_.]+ and the value is quoted.
            await using var alter = new NpgsqlCommand($"ALTER SYSTEM SET {name} = '{value.Replace("'", "''", StringComparison.Ordinal)}'", postgres);
            await alter.ExecuteNonQueryAsync();
        }

        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", postgres);
        await reload.ExecuteScalarAsync();
        report.Line($"- PostgreSQL settings for this run: {string.Join(", ", options.PostgresSettings.Select(s => $"{s.Name}={s.Value}"))}");
    }

    var settings = new Dictionary<string, string>
    {
        // Not Production, so that the baseline endpoint may be mapped; otherwise configured as production is.
        ["ASPNETCORE_ENVIRONMENT"] = "Benchmark",
        ["ConnectionStrings__EntryControl"] = connectionString,
        ["Seed__DemoData"] = "true",
        ["RateLimiting__Enabled"] = "false",
        ["Benchmarks__BaselineEndpoint"] = "true",
        // Keys of this run only: the personal data the run writes are thrown away with its database.
        ["PersonalData__CurrentKey"] = "bench",
        ["PersonalData__Keys__bench"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["PersonalData__HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };
    var app = WebAppProcess.Start(root, new Uri($"http://127.0.0.1:{options.WebPort}/"), settings, Path.Combine(work, "app.log"));
    await using (app)
    {
        using var http = new HttpClient();
        await app.WaitUntilReadyAsync(http, TimeSpan.FromMinutes(3));
        // The demo officer is created last by the start-up seeding: once they can sign in, the demo data are there.
        var token = await Retry(() => app.SignInAsync(http, Demo.OfficerEmail, Demo.Password), TimeSpan.FromMinutes(1));

        var seedPlan = options.Reevaluation ? ReevaluationBenchmark.Plan(options.Candidates) : SeedPlan.Scans;
        var seeded = await new DeclarationSeeder(connectionString, options.Seed, TimeProvider.System, seedPlan).SeedAsync(options.Declarations, CancellationToken.None);
        var codesFile = Path.Combine(work, "codes.txt");
        var scanned = options.ScanAnyDay || options.Reevaluation || options.Fault ? seeded.ActiveCodes : seeded.TodayCodes;
        await File.WriteAllLinesAsync(codesFile, scanned);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        report.Line($"- seeded {seeded.Declarations:N0} declarations in {seeded.Groups:N0} groups with their decision records, {seeded.Stays:N0} stays and " +
            $"follow-ups in {seeded.Took.TotalSeconds:F1} s (binary COPY, then VACUUM ANALYZE); {scanned.Count:N0} active codes {(scanned == seeded.TodayCodes ? "of travelers arriving today " : "")}are scanned; declarations + decision records take " +
            $"{await ScalarAsync<string>(db, "SELECT pg_size_pretty(pg_total_relation_size('declarations') + pg_total_relation_size('decision_records'))")}");
        if (options.Fault)
        {
            await new FaultBenchmark(options, app, cluster, connectionString, report, failures).RunAsync(http, token, seeded.ActiveCodes);
        }
        else if (options.Scale)
        {
            await new ScaleBenchmark(options, app, root, settings, connectionString, dataDirectory, work, report, failures).RunAsync(seeded.Declarations);
        }
        else if (options.Reevaluation)
        {
            await new ReevaluationBenchmark(options, app, connectionString, dataDirectory, work, report, failures).RunAsync(http, token, codesFile, seedPlan);
        }
        else
        {

            var real = new Uri(app.BaseAddress, "/api/v1/scans");
            var baseline = new Uri(app.BaseAddress, "/api/bench/baseline/scans");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var url in new[] { real, baseline })
            {
                using var smoke = await http.PostAsJsonAsync(url, new { code = seeded.ActiveCodes[0], checkpoint = Demo.Checkpoint, temperatureCelsius = 36.5 });
                var body = await smoke.Content.ReadAsStringAsync();
                if (!smoke.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Smoke scan at {url} answered {(int)smoke.StatusCode}: {body}");
                }

                report.Line($"- smoke scan {url.AbsolutePath}: {(int)smoke.StatusCode}, {Encoding.UTF8.GetByteCount(body):N0} bytes of JSON");
            }

            report.Line();
            var script = Path.Combine(AppContext.BaseDirectory, "scan.lua");
            var wrkOutput = Path.Combine(work, "wrk.txt");
            var warmup = TimeSpan.FromSeconds(options.Warmup);
            var duration = TimeSpan.FromSeconds(options.Duration);
            var plan = new List<(string Phase, string Endpoint, WrkRun Run)>
            {
                ("warm-up", "baseline", new WrkRun(baseline, options.Connections, warmup, null)),
                ("warm-up", "real", new WrkRun(real, options.Connections, warmup, null)),
                ("max throughput", "baseline", new WrkRun(baseline, options.Connections, duration, null)),
                ("max throughput", "real", new WrkRun(real, options.Connections, duration, null)),
            };
            foreach (var rate in options.Rates)
            {
                plan.Add(($"fixed {rate}/s", "baseline", new WrkRun(baseline, options.RateConnections, duration, rate)));
                plan.Add(($"fixed {rate}/s", "real", new WrkRun(real, options.RateConnections, duration, rate)));
            }

            var results = new List<(string Phase, string Endpoint, WrkRun Run, Measured Measured)>();
            report.Line("| run | endpoint | conns | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | late sends | scan rows added | app CPU ms/req | PostgreSQL CPU ms/req | machine busy | others' CPU before |");
            report.Line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (phase, endpoint, run) in plan)
            {
                var measured = await MeasureAsync(run, endpoint == "real");
                results.Add((phase, endpoint, run, measured));
                var r = measured.Wrk;
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"| {phase} | {endpoint} | {run.Connections} | {r.RequestsPerSecond:N0} | {r.P50Us / 1000.0:F1} | {r.P90Us / 1000.0:F1} | {r.P99Us / 1000.0:F1} | {r.MaxUs / 1000.0:F1} | " +
                    $"{r.StatusErrors} | {r.SocketErrors} | {(run.Rate is null ? "–" : r.Late.ToString(CultureInfo.InvariantCulture))} | {measured.ScansAdded:N0} | " +
                    $"{measured.AppCpuMsPerRequest:F2} | {measured.PostgresCpuMsPerRequest:F2} | {measured.MachineBusyPercent:F0}% | {measured.OthersBeforePercent:F0}% |"));
            }

            var max = results.Where(r => r.Phase == "max throughput").ToDictionary(r => r.Endpoint, r => r.Measured.Wrk);
            var ratio = max["real"].RequestsPerSecond / max["baseline"].RequestsPerSecond;
            var cpu = results.Where(r => r.Phase == "max throughput")
                .ToDictionary(r => r.Endpoint, r => r.Measured.AppCpuMsPerRequest + r.Measured.PostgresCpuMsPerRequest);
            report.Line();
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- max throughput real/baseline: {max["real"].RequestsPerSecond:N0} / {max["baseline"].RequestsPerSecond:N0} req/s = {ratio:P0} (aim: at least 60%)"));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- CPU per scan (app + PostgreSQL, max-throughput runs): real {cpu["real"]:F2} ms, baseline {cpu["baseline"]:F2} ms: baseline/real = {cpu["baseline"] / cpu["real"]:P0}"));
            foreach (var rate in options.Rates)
            {
                var paced = results.Where(r => r.Run.Rate == rate).ToDictionary(r => r.Endpoint, r => r.Measured.Wrk);
                report.Line(string.Create(CultureInfo.InvariantCulture,
                    $"- at {rate} req/s: real achieved {paced["real"].RequestsPerSecond:N0} req/s, p50 {paced["real"].P50Us / 1000.0:F1} ms, p99 {paced["real"].P99Us / 1000.0:F1} ms " +
                    $"(aim at 500/s: p99 under 50 ms); baseline achieved {paced["baseline"].RequestsPerSecond:N0} req/s, p50 {paced["baseline"].P50Us / 1000.0:F1} ms, " +
                    $"p99 {paced["baseline"].P99Us / 1000.0:F1} ms"));
            }

            report.Line($"- load average at the end: {CpuMeter.LoadAverage()}");
            foreach (var note in notes)
            {
                report.Line($"- note: {note}");
            }

            foreach (var failure in failures)
            {
                report.Line($"- CHECK FAILED: {failure}");
            }

            report.Line(failures.Count == 0
                ? "- every run passed its checks (no non-2xx, no socket errors, scan rows added = answers)"
                : $"- {failures.Count} check(s) failed: the numbers above are not valid");

            async Task<Measured> MeasureAsync(WrkRun run, bool isReal)
            {
                var name = $"{run.Url.AbsolutePath} c={run.Connections} rate={run.Rate?.ToString(CultureInfo.InvariantCulture) ?? "max"}";
                var scansBefore = await ScalarAsync<long>(db, "SELECT count(*) FROM checkpoint_scans");
                var recordsBefore = await ScalarAsync<long>(db, "SELECT count(*) FROM decision_records WHERE occasion = 'Scanned'");
                // What the rest of the machine (other users of the shared cores) takes while this benchmark is idle.
                var idleStart = CpuMeter.Machine();
                await Task.Delay(TimeSpan.FromSeconds(5));
                var othersBefore = CpuMeter.BusyPercent(idleStart, CpuMeter.Machine());
                var machineBefore = CpuMeter.Machine();
                var appBefore = app.ProcessorTime();
                var postgresBefore = CpuMeter.PostgresTime(dataDirectory);
                var trace = isReal && run.Rate is null && run.Duration == duration && options.TraceTool is { } tool
                    ? Build.StartTrace(tool, app.ProcessId, run.Duration - TimeSpan.FromSeconds(5), Path.Combine(work, "real"))
                    : null;
                var result = await run.RunAsync(script, codesFile, token, Demo.Checkpoint, wrkOutput);
                if (trace is not null)
                {
                    await trace.WaitForExitAsync();
                    trace.Dispose();
                }

                var machineAfter = CpuMeter.Machine();
                var appAfter = app.ProcessorTime();
                var postgresAfter = CpuMeter.PostgresTime(dataDirectory);
                // Requests still in flight when wrk stopped finish on the server; give them a moment before counting.
                await Task.Delay(TimeSpan.FromSeconds(2));
                var scansAdded = await ScalarAsync<long>(db, "SELECT count(*) FROM checkpoint_scans") - scansBefore;
                var recordsAdded = await ScalarAsync<long>(db, "SELECT count(*) FROM decision_records WHERE occasion = 'Scanned'") - recordsBefore;

                if (result.StatusErrors > 0 || result.SocketErrors > 0)
                {
                    failures.Add($"{name}: {result.StatusErrors} non-2xx responses, {result.SocketErrors} socket errors/timeouts");
                }

                if (scansAdded < result.Requests || scansAdded > result.Requests + run.Connections)
                {
                    failures.Add($"{name}: {result.Requests} answers but {scansAdded} scan rows added");
                }

                if (recordsAdded != (isReal ? scansAdded : 0))
                {
                    failures.Add($"{name}: {scansAdded} scan rows but {recordsAdded} scan decision records added");
                }

                if (run.Rate is { } rate && (result.Late > 0 || result.RequestsPerSecond < rate * 0.98))
                {
                    // Not an invalid run but a result: the server could not keep up, and wrk's latencies of late requests
                    // miss the time they waited for their slot (coordinated omission), so they understate.
                    notes.Add($"{name}: the rate was not held ({result.RequestsPerSecond:F0} req/s, {result.Late} late sends): the server was saturated");
                }

                var requests = Math.Max(result.Requests, 1);
                return new Measured(result, scansAdded, othersBefore,
                    (appAfter - appBefore).TotalMilliseconds / requests,
                    (postgresAfter - postgresBefore).TotalMilliseconds / requests,
                    CpuMeter.BusyPercent(machineBefore, machineAfter));
            }
        }

        foreach (var failure in failures.Where(_ => options.Reevaluation || options.Fault))
        {
            report.Line($"- CHECK FAILED: {failure}");
        }
    }

    File.Copy(Path.Combine(dataDirectory, "server.log"), Path.Combine(work, "postgres.log"), overwrite: true);
}
finally
{
    await cluster.StopAsync();
    if (Directory.Exists(dataDirectory))
    {
        Directory.Delete(dataDirectory, recursive: true);
    }
}

return failures.Count == 0 ? 0 : 1;

static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection);
    return (T)(await command.ExecuteScalarAsync())!;
}

static async Task<T> Retry<T>(Func<Task<T>> action, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (true)
    {
        try
        {
            return await action();
        }
        catch (HttpRequestException) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }
    }
}

internal sealed record Measured(WrkResult Wrk, long ScansAdded, double OthersBeforePercent, double AppCpuMsPerRequest, double PostgresCpuMsPerRequest, double MachineBusyPercent);

/// <summary>The demo data's officer at the Linhe G7 checkpoint (Seed:DemoData), who scans in every run.</summary>
internal static class Demo
{
    public const string OfficerEmail = "officer.linhe@demo.entrycontrol.cn";
    public const string Password = "Demo-pass-2022";
    public const string Checkpoint = "CP-LINHE-G7";
}

/// <summary>Prints the report and keeps a copy in the work folder.</summary>
internal sealed class Report(string file)
{
    public void Line(string text = "")
    {
        Console.WriteLine(text);
        File.AppendAllText(file, text + Environment.NewLine);
    }
}
