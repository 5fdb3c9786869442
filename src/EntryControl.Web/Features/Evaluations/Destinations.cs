using EntryControl.Rules;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Regions;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>
/// The counties a traveler can be going to: those some policy of the catalogue covers (its jurisdiction a province,
/// a prefecture or a county), grouped by prefecture in code order. A new jurisdiction's policy adds its counties: the
/// list is kept per catalogue, and worked out again when a publication swaps it.
/// </summary>
public sealed class Destinations(PolicyCatalogHolder holder, RegionCatalog regions)
{
    private volatile Cached? _cached;

    public IReadOnlyList<(Region Prefecture, IReadOnlyList<Region> Counties)> ByPrefecture
    {
        get
        {
            var policies = holder.Current;
            if (_cached is { } cached && ReferenceEquals(cached.Catalog, policies))
            {
                return cached.List;
            }

            var list = Of(policies);
            _cached = new Cached(policies, list);
            return list;
        }
    }

    private IReadOnlyList<(Region Prefecture, IReadOnlyList<Region> Counties)> Of(PolicyCatalog policies)
    {
        var jurisdictions = policies.Policies.Select(p => p.Jurisdiction).Distinct(StringComparer.Ordinal).ToList();
        bool Covered(Region county) => policies.Policies.Any(p => p.Covers(county.Code));
        var provinces = jurisdictions.Select(j => regions.Find(j[..2] + "0000")).OfType<Region>().DistinctBy(p => p.Code);
        return [.. provinces
            .SelectMany(province => regions.Children(province.Code) ?? [])
            .Select(prefecture => (prefecture, Counties: (IReadOnlyList<Region>)[.. (regions.Children(prefecture.Code) ?? []).Where(Covered)]))
            .Where(p => p.Counties.Count > 0)
            .OrderBy(p => p.prefecture.Code, StringComparer.Ordinal)];
    }

    private sealed record Cached(PolicyCatalog Catalog, IReadOnlyList<(Region Prefecture, IReadOnlyList<Region> Counties)> List);
}
