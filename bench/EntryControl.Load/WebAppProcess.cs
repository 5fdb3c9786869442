using System.Diagnostics;
using System.Net.Http.Json;

namespace EntryControl.Load;

/// <summary>
/// The web app as it is deployed: its Release build run with <c>dotnet EntryControl.Web.dll</c> in its own process on
/// Kestrel, configured through environment variables. Its console log goes to a file.
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
        var assembly = Path.Combine(projectDirectory, "bin", "Release", "net10.0", "EntryControl.Web.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: build with -c Release.");
        }

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
