using System.Globalization;

namespace EntryControl.Rules.Tests.Support;

/// <summary>Short constructors for trips, stays and designations; local times are China time.</summary>
internal static class Build
{
    public static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"2022-11-20 10:00" in China time, or any ISO 8601 instant with its own offset.</summary>
    public static DateTimeOffset At(string instant) =>
        instant.Contains('T', StringComparison.Ordinal)
            ? DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)
            : new DateTimeOffset(DateTime.ParseExact(instant, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), ChinaTime.Offset);

    public static Trip Trip(string destination, string arrival, params Stay[] stays) =>
        new(destination, At(arrival), stays, null, null);

    public static Stay Stay(string region, string from, string to, params string[] areas) => new(region, areas, Day(from), Day(to));

    public static RiskDesignation High(string region, string? area, string from, string? to = null) => Designation(RiskLevel.High, region, area, from, to);

    public static RiskDesignation Medium(string region, string? area, string from, string? to = null) => Designation(RiskLevel.Medium, region, area, from, to);

    public static RiskDesignation Low(string region, string? area, string from, string? to = null) => Designation(RiskLevel.Low, region, area, from, to);

    public static NucleicAcidCertificate Negative(string sampledAt) => new(At(sampledAt), TestResult.Negative);

    public static NucleicAcidCertificate Positive(string sampledAt) => new(At(sampledAt), TestResult.Positive);

    public static AbroadEntry Abroad(string entered, int daysDone) => new(Day(entered), daysDone);

    public static Phase Phase(Measure measure, string start, string end, params string[] natDays) =>
        new(measure, Day(start), Day(end), [.. natDays.Select(d => new ScheduledTest(Day(d), TestKind.Nat))]);

    private static RiskDesignation Designation(RiskLevel level, string region, string? area, string from, string? to) =>
        new(region, area, level, Day(from), to is null ? null : Day(to));
}

/// <summary>Evaluates against the shipped policies.</summary>
internal static class Shipped
{
    public static PolicyCatalog Catalog => PolicyCatalog.LoadEmbedded();

    public static Policy Policy(string id) => Catalog.Find(id) ?? throw new InvalidOperationException($"no shipped policy {id}");

    public static Decision Evaluate(string policyId, Trip trip, params RiskDesignation[] designations) =>
        PolicyEvaluator.Evaluate(trip, new DesignationIndex(designations), Policy(policyId));
}
