namespace EntryControl.Web.Development.Benchmarks;

/// <summary>The <c>Benchmarks</c> settings.</summary>
public sealed class BenchmarkOptions
{
    public const string Section = "Benchmarks";

    /// <summary>Map <see cref="BaselineScanEndpoint.Path"/> for the load benchmark; refused in Production.</summary>
    public bool BaselineEndpoint { get; set; }
}
