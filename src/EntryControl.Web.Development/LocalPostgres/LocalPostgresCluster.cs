using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EntryControl.Web.Development.LocalPostgres;

/// <summary>Where and how to run a local PostgreSQL cluster.</summary>
/// <param name="DataDirectory">The cluster's data folder; created with <c>initdb</c> when empty.</param>
/// <param name="Port">TCP port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Throwaway">Tune for tests (no fsync) and delete the folder on stop.</param>
public sealed record LocalPostgresClusterOptions(string DataDirectory, int Port = 0, bool Throwaway = false);

/// <summary>
/// A PostgreSQL cluster started with the installed <c>initdb</c>/<c>pg_ctl</c>, for development and tests
/// when no connection string is configured. Run as root, the server runs as the <c>postgres</c> user
/// (PostgreSQL refuses to run as root). It listens on 127.0.0.1 only and trusts local connections.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly LocalPostgresClusterOptions _options;
    private readonly string _binDirectory;
    private readonly bool _asPostgresUser;
    private bool _stopped;

    private LocalPostgresCluster(LocalPostgresClusterOptions options, string binDirectory, bool asPostgresUser, int port)
    {
        _options = options;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => _options.DataDirectory;

    /// <summary>Starts the cluster (creating it first if needed), or attaches to it when it already runs.</summary>
    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresClusterOptions options, CancellationToken cancellationToken = default)
    {
        var binDirectory = FindBinDirectory();
        var asPostgresUser = Environment.UserName == "root";
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        options = options with { DataDirectory = dataDirectory };

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(binDirectory, dataDirectory, asPostgresUser, cancellationToken);
        }

        var runningPort = await RunningPortAsync(binDirectory, dataDirectory, asPostgresUser, cancellationToken);
        if (runningPort is { } port)
        {
            return new LocalPostgresCluster(options, binDirectory, asPostgresUser, port);
        }

        port = options.Port == 0 ? FreePort() : options.Port;
        var settings = ServerSettings(options, port);
        var logFile = Path.Combine(dataDirectory, "server.log");
        await RunAsync(binDirectory, "pg_ctl", asPostgresUser, cancellationToken,
            "start", "-w", "-t", "60", "-D", dataDirectory, "-l", logFile, "-o", string.Join(' ', settings));
        return new LocalPostgresCluster(options, binDirectory, asPostgresUser, port);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        Pooling = true,
        MaxPoolSize = 100,
    }.ConnectionString;

    /// <summary>Creates <paramref name="database"/> unless it exists; returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Identifiers cannot be parameters; the name is quoted as an identifier.
            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted} ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionString(database);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await RunAsync(_binDirectory, "pg_ctl", _asPostgresUser, CancellationToken.None,
            "stop", "-w", "-m", "fast", "-D", _options.DataDirectory);
        if (_options.Throwaway)
        {
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// Crashes the server as a power cut would (<c>pg_ctl stop -m immediate</c>: no checkpoint, clients cut off), for
    /// fault benchmarks; <see cref="RestartAsync"/> starts it again on the same port, and it recovers from its WAL.
    /// </summary>
    public Task CrashAsync() =>
        RunAsync(_binDirectory, "pg_ctl", _asPostgresUser, CancellationToken.None, "stop", "-w", "-m", "immediate", "-D", _options.DataDirectory);

    /// <summary>Starts a crashed or stopped server again with its settings; returns once it accepts connections.</summary>
    public Task RestartAsync() =>
        RunAsync(_binDirectory, "pg_ctl", _asPostgresUser, CancellationToken.None,
            "start", "-w", "-t", "60", "-D", _options.DataDirectory, "-l", Path.Combine(_options.DataDirectory, "server.log"),
            "-o", string.Join(' ', ServerSettings(_options, Port)));

    private static List<string> ServerSettings(LocalPostgresClusterOptions options, int port)
    {
        var settings = new List<string>
        {
            $"-p {port}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories='{options.DataDirectory}'",
            "-c max_connections=200",
        };
        if (options.Throwaway)
        {
            settings.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);
        }

        return settings;
    }

    private static async Task InitializeAsync(string binDirectory, string dataDirectory, bool asPostgresUser, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        if (asPostgresUser)
        {
            await RunProcessAsync("chown", ["-R", "postgres:postgres", dataDirectory], cancellationToken);
        }

        await RunAsync(binDirectory, "initdb", asPostgresUser, cancellationToken,
            "-D", dataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
    }

    private static async Task<int?> RunningPortAsync(string binDirectory, string dataDirectory, bool asPostgresUser, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var status = await TryRunAsync(binDirectory, "pg_ctl", asPostgresUser, cancellationToken, "status", "-D", dataDirectory);
        if (status != 0)
        {
            return null;
        }

        // Line 4 of postmaster.pid is the port the running server listens on.
        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL's initdb/pg_ctl were not found on PATH or under /usr/lib/postgresql. " +
                "Install PostgreSQL (e.g. 'apt-get install postgresql') or set ConnectionStrings:EntryControl.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<int> RunAsync(string binDirectory, string tool, bool asPostgresUser, CancellationToken cancellationToken, params string[] arguments) =>
        RunToolAsync(binDirectory, tool, asPostgresUser, throwOnFailure: true, arguments, cancellationToken);

    private static Task<int> TryRunAsync(string binDirectory, string tool, bool asPostgresUser, CancellationToken cancellationToken, params string[] arguments) =>
        RunToolAsync(binDirectory, tool, asPostgresUser, throwOnFailure: false, arguments, cancellationToken);

    private static Task<int> RunToolAsync(string binDirectory, string tool, bool asPostgresUser, bool throwOnFailure, string[] arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDirectory, tool);
        return asPostgresUser
            ? RunProcessAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], cancellationToken, throwOnFailure)
            : RunProcessAsync(executable, arguments, cancellationToken, throwOnFailure);
    }

    private static async Task<int> RunProcessAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (throwOnFailure && process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return process.ExitCode;
    }
}
