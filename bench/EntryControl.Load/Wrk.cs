using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EntryControl.Load;

/// <summary>What scan.lua's done() reports: wrk's counters and latency percentiles (microseconds).</summary>
internal sealed record WrkResult(
    long Requests,
    long DurationUs,
    long Bytes,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long StatusErrors,
    long Timeouts,
    double MeanUs,
    long P50Us,
    long P90Us,
    long P99Us,
    long P999Us,
    long MaxUs,
    long Late)
{
    public double RequestsPerSecond => Requests / (DurationUs / 1e6);

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

/// <summary>One wrk run of scan.lua against one endpoint (loopback only).</summary>
internal sealed record WrkRun(Uri Url, int Connections, TimeSpan Duration, int? Rate)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs for <see cref="Duration"/>, or until <paramref name="stop"/>: then wrk gets SIGINT, stops and reports as at its end.</summary>
    public async Task<WrkResult> RunAsync(string script, string codesFile, string token, string checkpoint, string outputFile, CancellationToken stop = default)
    {
        if (!Url.IsLoopback)
        {
            throw new InvalidOperationException("The load benchmark only targets loopback.");
        }

        var startInfo = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // One thread: the rate of a paced run is per thread, and one wrk thread is far from busy at these rates.
        foreach (var argument in new[]
        {
            "-t", "1", "-c", Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Duration.TotalSeconds}s", "--timeout", "10s", "-s", script, Url.ToString(),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["SCAN_CODES"] = codesFile;
        startInfo.Environment["SCAN_TOKEN"] = token;
        startInfo.Environment["SCAN_CHECKPOINT"] = checkpoint;
        startInfo.Environment["SCAN_RATE"] = (Rate ?? 0).ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start wrk (apt-get install wrk).");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await using (stop.Register(() => Interrupt(process)))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }

        var text = await output + await error;
        await File.AppendAllTextAsync(outputFile, $"$ wrk {string.Join(' ', startInfo.ArgumentList)}\n{text}\n", CancellationToken.None);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("LOADRESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no result:\n{text}");
        return JsonSerializer.Deserialize<WrkResult>(line["LOADRESULT ".Length..], Json)!;
    }

    /// <summary>wrk's SIGINT handler ends the run early; it still prints its summary and calls done().</summary>
    private static void Interrupt(Process wrk)
    {
        if (!wrk.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", wrk.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }
}
