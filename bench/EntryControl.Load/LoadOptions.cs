using System.Globalization;

namespace EntryControl.Load;

/// <summary>What one run does; every value has a default, so <c>dotnet run -c Release --project bench/EntryControl.Load</c> is the benchmark.</summary>
internal sealed record LoadOptions
{
    public int Declarations { get; init; } = 100_000;

    /// <summary>Seconds of each measured wrk run.</summary>
    public int Duration { get; init; } = 30;

    /// <summary>Seconds of the unrecorded warm-up of each endpoint.</summary>
    public int Warmup { get; init; } = 15;

    /// <summary>Connections of the max-throughput runs.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>The fixed rates (requests per second) of the latency runs, one run of each endpoint per rate.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [500];

    /// <summary>Connections of the fixed-rate runs: enough that one is free at every send slot.</summary>
    public int RateConnections { get; init; } = 50;

    public int WebPort { get; init; } = 5400;

    public int PostgresPort { get; init; } = 5401;

    /// <summary>PostgreSQL with fsync and synchronous commit (as in production); <c>--no-fsync</c> turns both off.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Scan travelers of every seeded arrival day, not only today's (a checkpoint scans today's arrivals).</summary>
    public bool ScanAnyDay { get; init; }

    /// <summary>Keep the app's log and wrk's output here (default: a new folder under the temp folder).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The crash run instead of the load runs: keyed scans across a PostgreSQL crash (docs/reliability.md).</summary>
    public bool Fault { get; init; }

    /// <summary>Keyed scans of the crash run, each of its own declaration.</summary>
    public int FaultScans { get; init; } = 1_500;

    /// <summary>Concurrent clients of the crash run.</summary>
    public int FaultClients { get; init; } = 8;

    /// <summary>Seconds PostgreSQL stays down in the crash run.</summary>
    public int FaultDown { get; init; } = 5;

    /// <summary>Seeds the generated declarations, so that two runs scan the same data.</summary>
    public int Seed { get; init; } = 20221117;

    /// <summary>dotnet-trace to run against the app during the real endpoint's max-throughput run (that run's numbers then include the tracing cost).</summary>
    public string? TraceTool { get; init; }

    /// <summary>PostgreSQL settings applied with ALTER SYSTEM before the app starts, e.g. for profiling with auto_explain.</summary>
    public IReadOnlyList<(string Name, string Value)> PostgresSettings { get; init; } = [];

    /// <summary>The scale benchmark instead of the scan benchmark (docs/benchmarks.md: follow-up list, surge, growth).</summary>
    public bool Scale { get; init; }

    /// <summary>Scale: the database sizes measured, each topped up from the one before (the first is --declarations).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [100_000];

    /// <summary>Scale: requests/s of the follow-up page runs.</summary>
    public int ListRate { get; init; } = 20;

    /// <summary>Scale: declaration submissions/s of the growth runs.</summary>
    public int SubmitRate { get; init; } = 10;

    /// <summary>Scale: only the growth runs, not the surge.</summary>
    public bool SkipSurge { get; init; }

    /// <summary>Scale: RateLimiting:DeclarationsPerSecond of the surge's instance (default 80% of the measured sustainable rate).</summary>
    public int? SurgeLimit { get; init; }

    /// <summary>The re-evaluation (协查) benchmark instead of the scan benchmark (docs/benchmarks.md, Re-evaluation).</summary>
    public bool Reevaluation { get; init; }

    /// <summary>Re-evaluation: declarations of each designated county, one designation (and measurement) per value, in this order.</summary>
    public IReadOnlyList<int> Candidates { get; init; } = [10_000];

    /// <summary>Re-evaluation: requests per second of the scans driven during the re-decisions.</summary>
    public int ScanRate { get; init; } = 50;

    /// <summary>Re-evaluation: previews of each designation.</summary>
    public int Previews { get; init; } = 5;

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/EntryControl.Load -- [options]
          --declarations N      declarations to seed (100000)
          --duration S          seconds of each measured run (30)
          --warmup S            seconds of warm-up per endpoint (15)
          --connections N       connections of the max-throughput runs (32)
          --rate R[,R…]         requests/s of the fixed-rate runs, one pair of runs per rate (500)
          --rate-connections N  connections of the fixed-rate runs (50)
          --web-port P          Kestrel port on 127.0.0.1 (5400)
          --pg-port P           PostgreSQL port on 127.0.0.1 (5401)
          --no-fsync            PostgreSQL without fsync/synchronous_commit (default: durable, as in production)
          --scan-any-day        scan travelers arriving on any seeded day (default: today's arrivals, as at a checkpoint,
                                whose scan at the declared day leaves their follow-up plan unchanged)
          --work-dir DIR        where the app log, wrk output and codes file go (default: a temp folder)
          --seed N              random seed of the generated data (20221117)
          --fault               the crash run instead: keyed scans streamed across `pg_ctl stop -m immediate` and a
                                restart; reports lost and doubled scans and the error window (docs/reliability.md)
          --fault-scans N       keyed scans of the crash run, one declaration each (1500)
          --fault-clients N     concurrent clients of the crash run (8)
          --fault-down S        seconds PostgreSQL stays down (5)
          --trace PATH          run PATH (dotnet-trace) against the app during the real max-throughput run and keep a
                                speedscope CPU profile in the work folder (that run's numbers include the tracing cost)
          --pg-setting NAME=VALUE  a PostgreSQL setting for the run (repeatable), e.g. for profiling:
                                --pg-setting log_min_duration_statement=20
                                --pg-setting session_preload_libraries=auto_explain --pg-setting auto_explain.log_min_duration=20
        Re-evaluation (协查) benchmark instead:
          --scale               the scale run instead (issue 15): for each of --sizes (topped up), the follow-up
                                list's 50-row page (--list-rate/s) with its EXPLAIN, submissions (--submit-rate/s),
                                then the traveler surge: the sustainable submission rate (--connections, closed loop)
                                and 10x that from random X-Forwarded-For addresses against an instance with the limits on
          --sizes N[,N…]        scale: database sizes to measure, ascending (default: --declarations)
          --list-rate R         scale: follow-up page requests/s (20)
          --submit-rate R       scale: declaration submissions/s of the growth runs (10)
          --skip-surge          scale: the growth runs only
          --surge-limit N       scale: RateLimiting:DeclarationsPerSecond of the surge (80% of the sustainable rate)
          --reevaluation        seed declarations with stays over ~2,800 counties and arrivals over 60 days, then per
                                designated county: preview, write, wait for every re-decision with scans at a fixed rate
          --candidates K[,K…]   declarations of each designated county, smallest first (10000)
          --scan-rate R         scans per second during the re-decisions (50); --duration S is the quiet scan run before
          --previews N          previews of each designation (5)
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--declarations" => options with { Declarations = NextInt() },
                "--duration" => options with { Duration = NextInt() },
                "--warmup" => options with { Warmup = NextInt() },
                "--connections" => options with { Connections = NextInt() },
                "--rate" => options with { Rates = [.. Next().Split(',').Select(r => int.Parse(r, NumberStyles.Integer, CultureInfo.InvariantCulture))] },
                "--rate-connections" => options with { RateConnections = NextInt() },
                "--web-port" => options with { WebPort = NextInt() },
                "--pg-port" => options with { PostgresPort = NextInt() },
                "--no-fsync" => options with { Durable = false },
                "--scan-any-day" => options with { ScanAnyDay = true },
                "--work-dir" => options with { WorkDirectory = Next() },
                "--seed" => options with { Seed = NextInt() },
                "--trace" => options with { TraceTool = Next() },
                "--pg-setting" => options with { PostgresSettings = [.. options.PostgresSettings, Setting(Next())] },
                "--reevaluation" => options with { Reevaluation = true },
                "--scale" => options with { Scale = true },
                "--sizes" => options with { Sizes = [.. Next().Split(',').Select(r => int.Parse(r, NumberStyles.Integer, CultureInfo.InvariantCulture))] },
                "--list-rate" => options with { ListRate = NextInt() },
                "--submit-rate" => options with { SubmitRate = NextInt() },
                "--surge-limit" => options with { SurgeLimit = NextInt() },
                "--skip-surge" => options with { SkipSurge = true },
                "--fault" => options with { Fault = true },
                "--fault-scans" => options with { FaultScans = NextInt() },
                "--fault-clients" => options with { FaultClients = NextInt() },
                "--fault-down" => options with { FaultDown = NextInt() },
                "--candidates" => options with { Candidates = [.. Next().Split(',').Select(r => int.Parse(r, NumberStyles.Integer, CultureInfo.InvariantCulture))] },
                "--scan-rate" => options with { ScanRate = NextInt() },
                "--previews" => options with { Previews = NextInt() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }

    private static (string Name, string Value) Setting(string text)
    {
        var parts = text.Split('=', 2);
        return parts.Length == 2 && parts[0].Length > 0 && parts[0].All(c => char.IsAsciiLetterLower(c) || c is '_' or '.')
            ? (parts[0], parts[1])
            : throw new ArgumentException($"--pg-setting wants name=value, not {text}.");
    }
}
