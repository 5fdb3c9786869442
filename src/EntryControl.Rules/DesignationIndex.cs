namespace EntryControl.Rules;

/// <summary>
/// Immutable snapshot of the risk-area registry, indexed by region for fast lookups. Build one per
/// registry change and share it: evaluation only reads it.
/// </summary>
public sealed class DesignationIndex
{
    private readonly Dictionary<string, RegionEntries> _byRegion;

    public DesignationIndex(IEnumerable<RiskDesignation> designations)
    {
        ArgumentNullException.ThrowIfNull(designations);
        var all = new Dictionary<string, List<RiskDesignation>>(StringComparer.Ordinal);
        int count = 0;
        foreach (RiskDesignation designation in designations)
        {
            if (designation?.Region is null)
            {
                continue;
            }

            if (!all.TryGetValue(designation.Region, out List<RiskDesignation>? list))
            {
                list = [];
                all.Add(designation.Region, list);
            }

            list.Add(designation);
            count++;
        }

        _byRegion = new Dictionary<string, RegionEntries>(all.Count, StringComparer.Ordinal);
        foreach ((string region, List<RiskDesignation> list) in all)
        {
            _byRegion.Add(region, new RegionEntries([.. list], BuildEntries(list)));
        }

        Count = count;
    }

    private DesignationIndex(Dictionary<string, RegionEntries> byRegion, int count)
    {
        _byRegion = byRegion;
        Count = count;
    }

    public static DesignationIndex Empty { get; } = new([]);

    /// <summary>
    /// This snapshot with one county's designations replaced (what a registry write would make of it), sharing every
    /// other county's entries: cheap enough to build for each preview of a change.
    /// </summary>
    public DesignationIndex WithRegion(string region, IEnumerable<RiskDesignation> designations)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(designations);
        List<RiskDesignation> list = [.. designations.Where(d => d?.Region == region)];
        var byRegion = new Dictionary<string, RegionEntries>(_byRegion, StringComparer.Ordinal);
        int count = Count - (byRegion.Remove(region, out RegionEntries? old) ? old.All.Length : 0);
        if (list.Count > 0)
        {
            byRegion.Add(region, new RegionEntries([.. list], BuildEntries(list)));
        }

        return new DesignationIndex(byRegion, count + list.Count);
    }

    /// <summary>Number of designations in the snapshot (every level).</summary>
    public int Count { get; }

    /// <summary>Number of regions with at least one designation.</summary>
    public int RegionCount => _byRegion.Count;

    /// <summary>The designations of one county, in the order given.</summary>
    public IReadOnlyList<RiskDesignation> InRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return _byRegion.TryGetValue(region, out RegionEntries? entries) ? entries.All : [];
    }

    /// <summary>The designations that can raise a traveler's risk (medium and high) in one county.</summary>
    internal Entry[]? Active(string region) =>
        _byRegion.TryGetValue(region, out RegionEntries? entries) ? entries.Active : null;

    private static Entry[] BuildEntries(List<RiskDesignation> list)
    {
        var entries = new List<Entry>(list.Count);
        foreach (RiskDesignation d in list)
        {
            int to = d.To?.DayNumber ?? int.MaxValue;
            // Low designations change nothing by themselves; a range that ends before it starts touches nothing.
            if (d.Level == RiskLevel.Low || to < d.From.DayNumber)
            {
                continue;
            }

            string? area = string.IsNullOrWhiteSpace(d.Area) ? null : d.Area.Trim();
            entries.Add(new Entry(d.Level, area, d.From.DayNumber, to));
        }

        return [.. entries];
    }

    private sealed record RegionEntries(RiskDesignation[] All, Entry[] Active);

    /// <summary>A designation with its dates as day numbers and its area trimmed (null = whole county).</summary>
    internal readonly record struct Entry(RiskLevel Level, string? Area, int From, int To);
}
