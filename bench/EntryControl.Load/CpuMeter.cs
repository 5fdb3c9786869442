using System.Globalization;

namespace EntryControl.Load;

/// <summary>CPU time from /proc: the whole machine, and a PostgreSQL server (the postmaster and its backends).</summary>
internal static class CpuMeter
{
    /// <summary>Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux x86-64).</summary>
    private const double TicksPerSecond = 100;

    public readonly record struct MachineSample(long Busy, long Total);

    /// <summary>The first line of /proc/stat: busy is everything but idle and iowait.</summary>
    public static MachineSample Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return new MachineSample(total - fields[3] - fields[4], total);
    }

    public static double BusyPercent(MachineSample before, MachineSample after) =>
        after.Total == before.Total ? 0 : 100.0 * (after.Busy - before.Busy) / (after.Total - before.Total);

    /// <summary>User + system time of the postmaster and every process it started (backends, WAL writer …).</summary>
    public static TimeSpan PostgresTime(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // Fields after the command name in parentheses: state ppid … utime (14th field) stime (15th).
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(rest[1], CultureInfo.InvariantCulture);
            if (pid == postmaster || parent == postmaster)
            {
                ticks += long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
