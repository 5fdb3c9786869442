namespace EntryControl.Rules;

/// <summary>
/// 旅居史 one stay of the travel history: a county-level <paramref name="Region"/> (6-digit GB/T 2260
/// code), the sub-county <paramref name="Areas"/> visited (street, town, community names; matched
/// exactly after trimming) and the local dates, both inclusive.
/// </summary>
public sealed record Stay(string Region, IReadOnlyList<string> Areas, DateOnly From, DateOnly To);

/// <summary>
/// 入境 entry into mainland China on <paramref name="EnteredChinaOn"/>, after
/// <paramref name="CentralizedQuarantineDays"/> days of centralized quarantine at the first port of entry.
/// </summary>
public sealed record AbroadEntry(DateOnly EnteredChinaOn, int CentralizedQuarantineDays);

/// <summary>核酸检测证明 a nucleic-acid test certificate.</summary>
public sealed record NucleicAcidCertificate(DateTimeOffset SampledAt, TestResult Result);

/// <summary>A traveler's trip into <paramref name="Destination"/> (county code), as declared or scanned.</summary>
public sealed record Trip(
    string Destination,
    DateTimeOffset ArrivalAt,
    IReadOnlyList<Stay> Stays,
    AbroadEntry? Abroad,
    NucleicAcidCertificate? NucleicAcidTest,
    Occupation Occupation = Occupation.None,
    TravelerType TravelerType = TravelerType.Person,
    bool PreRegistered = true,
    bool HomeIsolationFeasible = true,
    decimal? TemperatureCelsius = null);

/// <summary>
/// A risk designation from the risk-area registry: the county <paramref name="Region"/>, an optional
/// sub-county <paramref name="Area"/> (null = the whole county), the level and the inclusive dates
/// (<paramref name="To"/> null = still designated). <paramref name="From"/> is the first day from
/// which a stay counts and may lie before the announcement (retroactive tracing).
/// </summary>
public sealed record RiskDesignation(string Region, string? Area, RiskLevel Level, DateOnly From, DateOnly? To);

/// <summary>China Standard Time (UTC+8), the time zone of every date in the policies.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    private static readonly long MaxTicks = DateOnly.MaxValue.DayNumber * TimeSpan.TicksPerDay;

    /// <summary>The local date in China of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDayNumber(LocalDayNumber(instant));

    /// <summary>The instant a China-time day begins (00:00 +08:00), in UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    internal static int LocalDayNumber(DateTimeOffset instant)
    {
        // Ticks arithmetic instead of ToOffset(): no DateTime is built and the far end of the
        // calendar cannot overflow.
        long ticks = Math.Min(instant.UtcTicks + Offset.Ticks, MaxTicks);
        return (int)(ticks / TimeSpan.TicksPerDay);
    }
}
