using System.Diagnostics;

namespace EntryControl.Load;

/// <summary>Where the run happens: the build, the repository, the machine and the tools.</summary>
internal static class Build
{
    /// <summary>The web app is started from its Release output, which a Debug build of this project does not refresh.</summary>
#if DEBUG
    public static bool IsRelease => false;
#else
    public static bool IsRelease => true;
#endif

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EntryControl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("EntryControl.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{model}, {Environment.ProcessorCount} logical cores, {long.Parse(memory, System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024} GiB, {Environment.OSVersion}";
    }

    /// <summary>A CPU sampling trace of the app (dotnet-trace, converted to speedscope JSON) for <paramref name="length"/>.</summary>
    public static Process StartTrace(string tool, int processId, TimeSpan length, string output)
    {
        var startInfo = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
            "--duration", length.ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "--format", "Speedscope", "-o", output + ".nettrace",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>The first output of a tool (e.g. its version), or what went wrong.</summary>
    public static string Tool(string name, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(name, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{name} not found";
        }
    }
}
