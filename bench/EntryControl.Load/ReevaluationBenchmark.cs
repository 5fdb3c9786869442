using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.Regions;
using Npgsql;

namespace EntryControl.Load;

/// <summary>
/// The re-evaluation (协查) benchmark (docs/benchmarks.md, "Re-evaluation (协查)"): declarations whose stays spread over
/// every county of the embedded GB/T 2260 catalogue and whose arrivals spread over 60 days, with a few hot counties
/// holding the stays of about K declarations each. For each hot county, smallest first: the preview of a high-risk
/// designation, timed several times; the designation written; its registry change polled until done, with scans at a
/// fixed rate meanwhile; the stored re-decisions checked in the database.
/// </summary>
internal sealed class ReevaluationBenchmark(
    LoadOptions options,
    WebAppProcess app,
    string connectionString,
    string dataDirectory,
    string work,
    Report report,
    List<string> failures)
{
    /// <summary>合肥市 瑶海区, 庐阳区, 蜀山区, 包河区: Anhui is none of the demo origins, and the demo registry designates nothing there.</summary>
    private static readonly string[] HotRegions = ["340102", "340103", "340104", "340111"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Arrivals from 50 days ago to 10 days ahead; stays in every county-level division but the hot ones.</summary>
    public static SeedPlan Plan(IReadOnlyList<int> candidates)
    {
        if (candidates.Count > HotRegions.Length)
        {
            throw new ArgumentException($"At most {HotRegions.Length} values of --candidates.");
        }

        var hot = candidates.Select((k, i) => new HotCounty(HotRegions[i], k)).ToArray();
        return new SeedPlan(TimeSpan.FromDays(-50), TimeSpan.FromDays(10))
        {
            Counties = [.. Counties().Except(HotRegions, StringComparer.Ordinal)],
            Hot = hot,
        };
    }

    /// <summary>Every county-level code of the embedded catalogue (counties, and prefectures without counties).</summary>
    public static IReadOnlyList<string> Counties()
    {
        var catalog = RegionCatalog.LoadEmbedded();
        var counties = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var province in catalog.Children(null)!)
        {
            foreach (var prefecture in catalog.Children(province.Code)!)
            {
                if (catalog.IsCounty(prefecture.Code))
                {
                    counties.Add(prefecture.Code);
                }

                foreach (var county in catalog.Children(prefecture.Code)!.Where(c => catalog.IsCounty(c.Code)))
                {
                    counties.Add(county.Code);
                }
            }
        }

        return [.. counties];
    }

    public async Task RunAsync(HttpClient http, string officerToken, string codesFile, SeedPlan plan)
    {
        var adminToken = await app.SignInAsync(http, "admin@demo.entrycontrol.cn", Demo.Password);
        using var admin = new HttpClient { BaseAddress = app.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var script = Path.Combine(AppContext.BaseDirectory, "scan.lua");
        var wrkOutput = Path.Combine(work, "wrk.txt");
        var scans = new Uri(app.BaseAddress, "/api/v1/scans");
        var reach = ReevaluationService.ReachOf(PolicyCatalog.LoadEmbedded());
        const int ScanConnections = 16;

        var counties = await ScalarAsync<long>(db, "SELECT count(DISTINCT region) FROM declaration_stays");
        var stayRows = await ScalarAsync<long>(db, "SELECT count(*) FROM declaration_stays");
        var staySize = await ScalarAsync<string>(db, "SELECT pg_size_pretty(pg_total_relation_size('declaration_stays'))");
        var arrivals = await ScalarAsync<string>(db, "SELECT min(arrival_at)::date || ' … ' || max(arrival_at)::date FROM declarations");
        report.Line($"- counties with stays: {counties:N0}; declaration_stays: {stayRows:N0} rows, {staySize}; arrivals {arrivals}; re-evaluation reach {reach} days");

        // Scans alone, at the same rate, as the reference for the scans during the re-decisions.
        var quiet = await new WrkRun(scans, ScanConnections, TimeSpan.FromSeconds(options.Duration), options.ScanRate)
            .RunAsync(script, codesFile, officerToken, Demo.Checkpoint, wrkOutput);
        CheckScans("quiet scans", quiet);
        report.Line(string.Create(CultureInfo.InvariantCulture,
            $"- scans alone at {options.ScanRate}/s for {options.Duration} s: {quiet.RequestsPerSecond:F0}/s, p50 {Ms(quiet.P50Us)}, p99 {Ms(quiet.P99Us)}, max {Ms(quiet.MaxUs)} ms, " +
            $"non-2xx {quiet.StatusErrors}, socket errors {quiet.SocketErrors}, late sends {quiet.Late}"));
        report.Line();

        var rows = new List<string>();
        foreach (var hot in plan.Hot)
        {
            var today = ChinaTime.LocalDate(DateTimeOffset.UtcNow);
            var from = today.AddDays(-10);
            var designation = new { region = hot.Region, area = (string?)null, level = "high", from = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = (string?)null };
            var horizon = DateTimeOffset.UtcNow.AddDays(-reach);
            var expected = await CountAsync(db, """
                SELECT count(DISTINCT s.declaration_id) FROM declaration_stays s JOIN declarations d ON d.id = s.declaration_id
                WHERE s.region = @region AND s.to_date >= @from AND d.status = 'Active' AND d.arrival_at >= @horizon
                """, ("region", hot.Region), ("from", from), ("horizon", horizon));

            // The candidate query of ReevaluationService.CandidatesAsync, as EF sends it (parameters), explained.
            var explain = await ExplainAsync(db, hot.Region, from, horizon);
            await File.WriteAllTextAsync(Path.Combine(work, $"explain-{hot.Region}.txt"), explain);
            report.Line($"### {hot.Region}: about {hot.Declarations:N0} declarations, {expected:N0} active candidates by SQL");
            report.Line();
            report.Line("```");
            report.Line(explain.TrimEnd());
            report.Line("```");
            report.Line();

            var previews = new List<double>();
            JsonElement preview = default;
            for (var i = 0; i < options.Previews; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await admin.PostAsJsonAsync("/api/v1/risk-areas/impact", new { change = "create", riskArea = designation });
                var body = await response.Content.ReadAsStringAsync();
                previews.Add(watch.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"The preview answered {(int)response.StatusCode}: {body}");
                }

                preview = JsonDocument.Parse(body).RootElement.Clone();
            }

            var previewCandidates = preview.GetProperty("candidates").GetInt32();
            var previewChanged = preview.GetProperty("changed").GetInt32();
            var transitions = string.Join(", ", preview.GetProperty("transitions").EnumerateArray()
                .Select(t => $"{t.GetProperty("from").GetString()}→{t.GetProperty("to").GetString()} {t.GetProperty("count").GetInt32():N0}"));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- preview: {string.Join(", ", previews.Select(p => $"{p:F0}"))} ms; candidates {previewCandidates:N0}, changed {previewChanged:N0} ({transitions})"));
            if (previewCandidates != expected)
            {
                failures.Add($"{hot.Region}: the preview found {previewCandidates} candidates, SQL {expected}");
            }

            // Scans at a fixed rate from a little before the write until the change is done.
            using var stop = new CancellationTokenSource();
            var scanRun = new WrkRun(scans, ScanConnections, TimeSpan.FromMinutes(30), options.ScanRate)
                .RunAsync(script, codesFile, officerToken, Demo.Checkpoint, wrkOutput, stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var appBefore = app.ProcessorTime();
            var postgresBefore = CpuMeter.PostgresTime(dataDirectory);
            var machineBefore = CpuMeter.Machine();
            var clock = Stopwatch.StartNew();
            using var written = await admin.PostAsJsonAsync("/api/v1/risk-areas", designation);
            var writtenBody = await written.Content.ReadAsStringAsync();
            if (!written.IsSuccessStatusCode)
            {
                await stop.CancelAsync();
                throw new InvalidOperationException($"Writing the designation answered {(int)written.StatusCode}: {writtenBody}");
            }

            var writeMs = clock.Elapsed.TotalMilliseconds;
            var change = JsonDocument.Parse(writtenBody).RootElement.GetProperty("registryChange").GetGuid();
            var progressLog = new List<string>();
            JsonElement progress;
            var lastReport = TimeSpan.Zero;
            while (true)
            {
                progress = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/registry-changes/{change}", Json);
                if (progress.GetProperty("status").GetString() == "done")
                {
                    break;
                }

                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
                {
                    lastReport = clock.Elapsed;
                    progressLog.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0} s: {progress.GetProperty("processed").GetInt32():N0}"));
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(20))
                {
                    failures.Add($"{hot.Region}: registry change {change} not done after 20 minutes");
                    break;
                }

                await Task.Delay(200);
            }

            var took = clock.Elapsed;
            var appCpu = app.ProcessorTime() - appBefore;
            var postgresCpu = CpuMeter.PostgresTime(dataDirectory) - postgresBefore;
            var machineBusy = CpuMeter.BusyPercent(machineBefore, CpuMeter.Machine());
            await stop.CancelAsync();
            var during = await scanRun;
            CheckScans($"{hot.Region} scans during the re-decisions", during);

            var candidates = progress.GetProperty("candidates").GetInt32();
            var processed = progress.GetProperty("processed").GetInt32();
            var changed = progress.GetProperty("changed").GetInt32();
            var serverSeconds = await ScalarAsync<double>(db, $"SELECT extract(epoch FROM finished_at - created_at)::float8 FROM registry_changes WHERE id = '{change}'");
            var (records, distinct) = await RecordsAsync(db, change);
            var unexpected = await CountAsync(db, """
                SELECT count(*) FROM decision_records r
                WHERE r.registry_change_id = @change AND NOT EXISTS (
                  SELECT 1 FROM declaration_stays s JOIN declarations d ON d.id = s.declaration_id
                  WHERE s.declaration_id = r.declaration_id AND s.region = @region AND s.to_date >= @from AND d.arrival_at >= @horizon)
                """, ("change", change), ("region", hot.Region), ("from", from), ("horizon", horizon));
            if (records != distinct || records != candidates || processed != candidates || candidates != expected || unexpected != 0)
            {
                failures.Add($"{hot.Region}: {candidates} candidates, {processed} processed, {records} re-decision records for " +
                    $"{distinct} declarations ({unexpected} outside the county's candidates), {expected} candidates by SQL");
            }

            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- written (POST answered in {writeMs:F0} ms), done after {took.TotalSeconds:F1} s (server: created → finished {serverSeconds:F1} s); " +
                $"{candidates:N0} candidates, {processed:N0} processed, {changed:N0} changed; progress {string.Join(", ", progressLog)}"));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- database: {records:N0} re-decision records of this change for {distinct:N0} declarations, {unexpected} outside the candidates"));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- scans meanwhile: {during.Requests:N0} in {during.DurationUs / 1e6:F1} s ({during.RequestsPerSecond:F0}/s), p50 {Ms(during.P50Us)}, p90 {Ms(during.P90Us)}, " +
                $"p99 {Ms(during.P99Us)}, max {Ms(during.MaxUs)} ms, non-2xx {during.StatusErrors}, socket errors {during.SocketErrors}, late sends {during.Late}"));
            report.Line(string.Create(CultureInfo.InvariantCulture,
                $"- CPU from the write to done: app {appCpu.TotalSeconds:F1} s, PostgreSQL {postgresCpu.TotalSeconds:F1} s, machine {machineBusy:F0}% busy"));
            report.Line();
            var declarations = await ScalarAsync<long>(db, "SELECT count(*) FROM declarations");
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {declarations:N0} | {candidates:N0} | {previews[0]:F0} | {previews.Skip(1).DefaultIfEmpty(previews[0]).Max():F0} | " +
                $"{changed:N0} | {took.TotalSeconds:F1} | {candidates / took.TotalSeconds:F0} | {Ms(during.P50Us)} | {Ms(during.P99Us)} | {Ms(during.MaxUs)} | " +
                $"{during.StatusErrors} | {during.SocketErrors} | {appCpu.TotalSeconds:F1} | {postgresCpu.TotalSeconds:F1} |"));
        }

        report.Line("| declarations | candidates | preview 1st ms | preview max of rest ms | changed | write → done s | re-decisions/s | scan p50 ms | scan p99 ms | scan max ms | non-2xx | socket errors | app CPU s | PostgreSQL CPU s |");
        report.Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            report.Line(row);
        }
    }

    private void CheckScans(string name, WrkResult result)
    {
        if (result.StatusErrors > 0 || result.SocketErrors > 0)
        {
            failures.Add($"{name}: {result.StatusErrors} non-2xx responses, {result.SocketErrors} socket errors/timeouts");
        }
    }

    private static string Ms(long microseconds) => (microseconds / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static async Task<string> ExplainAsync(NpgsqlConnection db, string region, DateOnly from, DateTimeOffset horizon)
    {
        await using var command = new NpgsqlCommand("""
            EXPLAIN (ANALYZE, BUFFERS)
            SELECT DISTINCT s.declaration_id AS "Value"
            FROM declaration_stays s JOIN declarations d ON d.id = s.declaration_id
            WHERE s.region = CAST($1 AS character(6)) AND s.to_date >= $2 AND s.from_date <= $3
              AND d.status = $4 AND d.arrival_at >= $5
            """, db);
        // Typed as EF Core types the interpolated values of SqlQuery: a string is text, a DateOnly date.
        command.Parameters.Add(new NpgsqlParameter { Value = region });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = DateOnly.MaxValue });
        command.Parameters.Add(new NpgsqlParameter { Value = "Active" });
        command.Parameters.Add(new NpgsqlParameter { Value = horizon.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private static async Task<(long Records, long Declarations)> RecordsAsync(NpgsqlConnection db, Guid change)
    {
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT declaration_id) FROM decision_records WHERE registry_change_id = @change", db);
        command.Parameters.AddWithValue("change", change);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value is DateTimeOffset instant ? instant.ToUniversalTime() : value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
