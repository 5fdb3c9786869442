using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>One field an amendment changed, as the traveler reads it: 抵达时间 2022-11-20 10:00 → 2022-11-21 09:00.</summary>
public sealed record AmendChange(string Field, string Before, string After);

/// <summary>What an amendment changed between the declaration before and after it, in the page's language.</summary>
public static class AmendChanges
{
    public static IReadOnlyList<AmendChange> Between(DeclarationView before, DeclarationView after, IReadOnlyList<CommunityView> communities, RegionCatalog regions, IStringLocalizer t)
    {
        string Community(string? code) => code is null ? string.Empty : communities.FirstOrDefault(c => c.Code == code)?.Name ?? code;
        static string Arrival(string? instant) => IsoDates.TryParseInstant(instant, out var at)
            ? at.ToOffset(Rules.ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)
            : instant ?? string.Empty;
        string Stays(TripInput trip) => string.Join("；", (trip.Stays ?? []).Select(s =>
            $"{regions.Find(s.Region)?.Name ?? s.Region} {s.From}–{s.To}{((s.Areas?.Count ?? 0) > 0 ? " (" + string.Join("、", s.Areas!) + ")" : string.Empty)}"));
        string Certificate(TripInput trip) => trip.NucleicAcidTest is { } test
            ? $"{Arrival(test.SampledAt)} {(test.Result is null ? string.Empty : t["Policies.Result." + test.Result].Value)}".Trim()
            : t["Amend.None"];
        string Measure(DeclarationView view) => t["Measure." + ApiNames.Name(view.Decision.Measure)];

        var pairs = new (string Field, string Before, string After)[]
        {
            (t["Declare.Community"], Community(before.Community), Community(after.Community)),
            (t["Declare.Address"], before.Address, after.Address),
            (t["Amend.Arrival"], Arrival(before.Trip.ArrivalAt), Arrival(after.Trip.ArrivalAt)),
            (t["Trip.Stays"], Stays(before.Trip), Stays(after.Trip)),
            (t["Amend.Certificate"], Certificate(before.Trip), Certificate(after.Trip)),
            (t["Declare.Plate"], before.Vehicle?.Plate ?? string.Empty, after.Vehicle?.Plate ?? string.Empty),
            (t["Amend.Measure"], Measure(before), Measure(after)),
        };
        return [.. pairs.Where(p => !string.Equals(p.Before, p.After, StringComparison.Ordinal))
            .Select(p => new AmendChange(p.Field, p.Before.Length == 0 ? t["Amend.None"] : p.Before, p.After.Length == 0 ? t["Amend.None"] : p.After))];
    }
}
