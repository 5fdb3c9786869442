using System.Diagnostics;
using System.Net.Http.Json;

namespace EntryControl.Load;

/// <summary>
/// The web app as it is deployed: a Release build run with <c>dotnet EntryControl.Web.dll</c> in its own process on
/// Kestrel, configured through environment variables, but built with the development tools, which hold the baseline
/// endpoint. Its build output and console log go to files.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _logging;

    private WebAppProcess(Process process, Task logging, Uri baseAddress)
    {
        _process = process;
        _logging = logging;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static WebAppProcess Start(string repositoryRoot, Uri baseAddress, IReadOnlyDictionary<string, string> settings, string logFile)
    {
        var projectDirectory = Path.Combine(repositoryRoot, "src", "EntryControl.Web");
        var assembly = BuildWithDevelopmentTools(projectDirectory, Path.ChangeExtension(logFile, ".build.log"));

        var startInfo = new ProcessStartInfo("dotnet")
        {
            // The project folder is the content root, as with `dotnet run`.
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assembly);
        startInfo.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        foreach (var (name, value) in settings)
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the web app.");
        var log = File.Create(logFile);
        var logging = Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(log),
            process.StandardError.BaseStream.CopyToAsync(log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        return new WebAppProcess(process, logging, baseAddress);
    }

    /// <summary>
    /// A plain Release build leaves the development tools out, so the app is built here with
    /// <c>EntryControlDevelopmentTools=true</c>, into this benchmark's own artifacts folder: it neither uses nor
    /// overwrites the project's bin/Release, and later runs build incrementally.
    /// </summary>
    private static string BuildWithDevelopmentTools(string projectDirectory, string logFile)
    {
        var artifacts = Path.Combine(AppContext.BaseDirectory, "webapp");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "build", Path.Combine(projectDirectory, "EntryControl.Web.csproj"), "-c", "Release", "-p:EntryControlDevelopmentTools=true",
            "--artifacts-path", artifacts, "-nologo", "-v", "q",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var build = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start dotnet build.");
        var error = build.StandardError.ReadToEndAsync();
        File.WriteAllText(logFile, build.StandardOutput.ReadToEnd() + error.GetAwaiter().GetResult());
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the web app failed ({build.ExitCode}); see {logFile}.");
        }

        return Path.Combine(artifacts, "bin", "EntryControl.Web", "release", "EntryControl.Web.dll");
    }

    /// <summary>Waits until <c>/health/ready</c> answers (the app has migrated and seeded before it listens).</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The web app exited with {_process.ExitCode}; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The web app did not become ready.");
    }

    public async Task<string> SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync(new Uri(BaseAddress, "/api/v1/auth/login"), new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token?.AccessToken ?? throw new InvalidOperationException("The sign-in answered without a token.");
    }

    /// <summary>CPU time the app has used so far (user + system).</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host shuts down gracefully.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _logging;
        _process.Dispose();
    }

    private sealed record TokenResponse(string AccessToken);
}
