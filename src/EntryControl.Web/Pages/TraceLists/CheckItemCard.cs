using System.Globalization;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure;

namespace EntryControl.Web.Pages.TraceLists;

/// <summary>
/// One check item as a card with the form that records its check, for the worker's page and the command center's list.
/// <see cref="Action"/> is where the form posts; a refused recording comes back with its field errors (next to the
/// inputs) or the reason, and the values that were posted.
/// </summary>
public sealed record CheckItemCard(TraceItemView Item, string Action, string? RegionName)
{
    public IDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public string? Problem { get; init; }

    public ResolveTraceItem? Posted { get; init; }

    /// <summary>The full document number and phone, when the viewer asked to see them.</summary>
    public TraceContact? Contact { get; init; }

    /// <summary>Where to ask for the full contact details (a GET on the same page), or null where the page offers none.</summary>
    public string? ContactLink { get; init; }

    public static IReadOnlyList<string> Outcomes { get; } = ApiNames.NamesOf<TraceOutcome>();

    public string Id => Item.Id.ToString("N", CultureInfo.InvariantCulture);

    public string[] ErrorsOf(string field) => Errors.TryGetValue(field, out var messages) ? messages : [];

    public static string ChinaTime(DateTimeOffset at) =>
        at.ToOffset(Rules.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string? CountyName(RegionCatalog regions, string? code) =>
        code is null ? null : regions.Find(code)?.Name ?? code;
}
