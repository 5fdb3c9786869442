namespace EntryControl.Web.Infrastructure;

/// <summary>
/// The bounds on what a client may send (docs/api.md, Conventions, "Bounds"), in one place. The figures come from
/// the notices' reality: a trip history covers at most the last few weeks, a county designates a handful of areas at
/// a time, a family or a car travels together.
/// </summary>
public static class InputLimits
{
    /// <summary>Stays in one trip (a stay a day over two months is more than any notice asks about).</summary>
    public const int MaxStays = 60;

    /// <summary>Sub-county areas ticked for one stay.</summary>
    public const int MaxAreasPerStay = 20;

    /// <summary>Co-travelers declared with the main traveler (a group of 9).</summary>
    public const int MaxCoTravelers = 8;

    /// <summary>
    /// The body of a declaration or evaluation: the largest valid one (60 stays of 20 areas of 100 characters, each
    /// JSON-escaped as <c>\uXXXX</c>) stays under it.
    /// </summary>
    public const long MaxTripBodyBytes = 1024 * 1024;

    /// <summary>The body of a pushed trace list (up to <c>TraceListService.MaxRows</c> rows of some 500 bytes).</summary>
    public const long MaxTraceListBodyBytes = 25 * 1024 * 1024;

    /// <summary>No date the portal deals with (stays, certificates, designations, entry into China) is before this.</summary>
    public static readonly DateOnly EarliestDate = new(2020, 1, 1);
}
