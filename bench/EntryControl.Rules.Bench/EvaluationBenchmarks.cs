using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace EntryControl.Rules.Bench;

/// <summary>
/// One evaluation of a typical trip (3 stays) against a registry snapshot of 10,000 designations
/// spread over ~3,000 counties, the size of China's county list. Single-threaded, so the inverse of
/// the mean is evaluations per second per core.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private const int Designations = 10_000;

    private static readonly string[] Provinces = ["11", "13", "14", "15", "21", "22", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "50", "51", "52", "53", "61", "62", "63", "64", "65"];

    private PolicyCatalog _catalog = null!;
    private DesignationIndex _index = null!;
    private RiskDesignation[] _designations = null!;
    private Policy _bayannur = null!;
    private Policy _erenhot = null!;
    private Policy _nmg = null!;
    private Trip _bayannurTrip = null!;
    private Trip _erenhotTrip = null!;
    private Trip _nmgTrip = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = PolicyCatalog.LoadEmbedded();
        _bayannur = _catalog.Find("bayannur-2022-71")!;
        _erenhot = _catalog.Find("erenhot-2021-63")!;
        _nmg = _catalog.Find("nmg-2020-98")!;

        var random = new Random(20221120);
        var designations = new List<RiskDesignation>(Designations);

        // The counties the trips pass through carry several designations each, so the scan has work to do.
        foreach (string region in (string[])["110101", "150202", "610113", "533102", "650102", "350322"])
        {
            designations.Add(new RiskDesignation(region, "东华门街道", RiskLevel.High, new DateOnly(2022, 11, 10), null));
            designations.Add(new RiskDesignation(region, "姐告国门社区", RiskLevel.Medium, new DateOnly(2021, 6, 20), null));
            designations.Add(new RiskDesignation(region, "某某镇", RiskLevel.Low, new DateOnly(2022, 11, 1), new DateOnly(2022, 11, 30)));
        }

        while (designations.Count < Designations)
        {
            string region = Provinces[random.Next(Provinces.Length)] + random.Next(1, 11).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + random.Next(1, 12).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var from = new DateOnly(2020, 1, 1).AddDays(random.Next(0, 1100));
            designations.Add(new RiskDesignation(
                region,
                random.Next(3) == 0 ? null : $"第{random.Next(1, 30)}街道",
                (RiskLevel)random.Next(3),
                from,
                random.Next(2) == 0 ? null : from.AddDays(random.Next(1, 60))));
        }

        _designations = [.. designations];
        _index = new DesignationIndex(_designations);

        _bayannurTrip = new Trip(
            "150802",
            new DateTimeOffset(2022, 11, 20, 10, 0, 0, ChinaTime.Offset),
            [
                new Stay("110101", ["东华门街道"], new DateOnly(2022, 11, 14), new DateOnly(2022, 11, 15)),
                new Stay("150202", [], new DateOnly(2022, 11, 16), new DateOnly(2022, 11, 17)),
                new Stay("610113", ["小寨路街道"], new DateOnly(2022, 11, 18), new DateOnly(2022, 11, 19)),
            ],
            null,
            new NucleicAcidCertificate(new DateTimeOffset(2022, 11, 19, 8, 0, 0, ChinaTime.Offset), TestResult.Negative));
        _erenhotTrip = _bayannurTrip with
        {
            Destination = "152501",
            ArrivalAt = new DateTimeOffset(2021, 7, 10, 15, 0, 0, ChinaTime.Offset),
            Stays =
            [
                new Stay("533102", ["姐告国门社区"], new DateOnly(2021, 7, 1), new DateOnly(2021, 7, 5)),
                new Stay("650102", [], new DateOnly(2021, 7, 6), new DateOnly(2021, 7, 7)),
                new Stay("150202", [], new DateOnly(2021, 7, 8), new DateOnly(2021, 7, 9)),
            ],
            NucleicAcidTest = null,
        };
        _nmgTrip = _erenhotTrip with
        {
            Destination = "150102",
            ArrivalAt = new DateTimeOffset(2021, 7, 10, 15, 0, 0, ChinaTime.Offset),
            Abroad = new AbroadEntry(new DateOnly(2021, 7, 1), 5),
        };
    }

    [Benchmark(Baseline = true, Description = "Evaluate bayannur: 3 stays, high-risk area + other city + other province")]
    public Decision EvaluateBayannur() => PolicyEvaluator.Evaluate(_bayannurTrip, _index, _bayannur);

    [Benchmark(Description = "Evaluate erenhot: 3 stays, medium-risk area, no certificate (inherits nmg)")]
    public Decision EvaluateErenhot() => PolicyEvaluator.Evaluate(_erenhotTrip, _index, _erenhot);

    [Benchmark(Description = "Evaluate nmg: 3 stays + abroad remainder")]
    public Decision EvaluateNmg() => PolicyEvaluator.Evaluate(_nmgTrip, _index, _nmg);

    [Benchmark(Description = "Select policy + evaluate bayannur")]
    public Decision SelectAndEvaluate()
    {
        Policy policy = _catalog.Select(_bayannurTrip.Destination, ChinaTime.LocalDate(_bayannurTrip.ArrivalAt))!;
        return PolicyEvaluator.Evaluate(_bayannurTrip, _index, policy);
    }

    [Benchmark(Description = "Build DesignationIndex of 10,000 designations (once per registry change)", OperationsPerInvoke = 1)]
    public DesignationIndex BuildIndex() => new(_designations);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun);
            // Reports go next to the build output (ignored by git), not into the caller's working directory.
            ArtifactsPath = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
            AddColumn(StatisticColumn.OperationsPerSecond);
            WithOptions(ConfigOptions.JoinSummary);
        }
    }
}
