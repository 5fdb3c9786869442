using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EntryControl.Web.Tests.Topology;

/// <summary>
/// One portal instance as it is deployed: <c>dotnet EntryControl.Web.dll</c> in its own process on Kestrel at a
/// loopback port, environment Production, configured through environment variables, with its own home folder (so
/// nothing is shared through the user's files, such as ASP.NET Core's default key-ring folder). Its console goes to a
/// log file that failures quote.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _logging;
    private readonly string _home;

    private PortalProcess(string name, Process process, Task logging, Uri address, string home, string logFile)
    {
        Name = name;
        _process = process;
        _logging = logging;
        Address = address;
        _home = home;
        LogFile = logFile;
    }

    public string Name { get; }

    public Uri Address { get; }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static PortalProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var home = Directory.CreateTempSubdirectory($"entrycontrol-{name}-").FullName;
        var logFile = Path.Combine(home, "portal.log");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ContentRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EntryControl.Web.dll"));
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        startInfo.Environment["HOME"] = home;
        startInfo.Environment["Logging__Console__Plain"] = "true";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start portal {name}.");
        var log = File.Create(logFile);
        var logging = Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(log),
            process.StandardError.BaseStream.CopyToAsync(log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new PortalProcess(name, process, logging, address, home, logFile);
    }

    public HttpClient CreateClient(TimeSpan? timeout = null) => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = Address,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    /// <summary>Waits until <c>/health/ready</c> answers 200 (migrations done, PostgreSQL reachable).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var client = CreateClient(TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Portal {Name} exited with {_process.ExitCode} while starting.\n{await TailAsync()}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready", cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe that timed out while the instance starts.
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Portal {Name} was not ready within {limit.TotalSeconds} s.\n{await TailAsync()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>What an orchestrator does to stop a container: SIGTERM, then waiting for the process to finish.</summary>
    public async Task StopGracefullyAsync(TimeSpan limit)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        await _logging;
    }

    /// <summary>The end of the instance's console output, for failure messages.</summary>
    public async Task<string> TailAsync(int lines = 60)
    {
        await Task.Delay(100);
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = (await reader.ReadToEndAsync()).Split('\n');
            return $"--- {Name} ({LogFile}) ---\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"--- {Name}: log unreadable: {e.Message}";
        }
    }

    public async Task<string> LogAsync()
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _logging;
        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The project folder (as with <c>dotnet run</c>) when the tests run from the repository, else the test output.</summary>
    private static string ContentRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "src", "EntryControl.Web");
            if (File.Exists(Path.Combine(directory.FullName, "EntryControl.sln")) && Directory.Exists(project))
            {
                return project;
            }
        }

        return AppContext.BaseDirectory;
    }
}
