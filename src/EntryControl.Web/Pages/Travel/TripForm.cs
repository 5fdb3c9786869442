using System.Globalization;
using System.Text.RegularExpressions;
using EntryControl.Rules;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Pages.Travel;

/// <summary>
/// The trip as the travelers' pages ask for it (HTML date and time inputs, China time); it becomes an
/// <see cref="EvaluationRequest"/> for the rules service, and the service's field errors come back to these inputs.
/// </summary>
public sealed partial class TripForm
{
    public string? Destination { get; set; }

    public string? ArrivalDate { get; set; }

    public string? ArrivalTime { get; set; }

    public List<StayForm> Stays { get; set; } = [];

    public bool HasCertificate { get; set; }

    /// <summary>From <c>input type=datetime-local</c>: <c>2022-11-19T08:00</c>, China time.</summary>
    public string? SampledAt { get; set; }

    public string? CertificateResult { get; set; } = "negative";

    public bool CameFromAbroad { get; set; }

    public string? EnteredChinaOn { get; set; }

    public int? CentralizedQuarantineDays { get; set; }

    public string? Occupation { get; set; } = "none";

    public string? TravelerType { get; set; } = "person";

    public bool HomeIsolationFeasible { get; set; } = true;

    public static TripForm Blank() => new() { ArrivalTime = "12:00" };

    /// <summary>The form as it was filled in for a stored trip (China time), so a traveler can amend it.</summary>
    public static TripForm From(Features.Declarations.TripInput trip)
    {
        static DateTimeOffset? Instant(string? text) => IsoDates.TryParseInstant(text, out var instant) ? instant.ToOffset(ChinaTime.Offset) : null;
        var arrival = Instant(trip.ArrivalAt);
        var sampled = Instant(trip.NucleicAcidTest?.SampledAt);
        return new TripForm
        {
            ArrivalDate = arrival?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ArrivalTime = arrival?.ToString("HH:mm", CultureInfo.InvariantCulture),
            Stays = [.. (trip.Stays ?? []).Select(s => new StayForm { Region = s.Region, From = s.From, To = s.To, Areas = [.. s.Areas ?? []] })],
            HasCertificate = trip.NucleicAcidTest is not null,
            SampledAt = sampled?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            CertificateResult = trip.NucleicAcidTest?.Result ?? "negative",
            CameFromAbroad = trip.Abroad is not null,
            EnteredChinaOn = trip.Abroad?.EnteredChinaOn,
            CentralizedQuarantineDays = trip.Abroad?.CentralizedQuarantineDays,
            Occupation = trip.Occupation ?? "none",
            TravelerType = trip.TravelerType ?? "person",
            HomeIsolationFeasible = trip.HomeIsolationFeasible ?? true,
        };
    }

    public void PadStays(int rows)
    {
        while (Stays.Count < rows)
        {
            Stays.Add(new StayForm());
        }
    }

    public EvaluationRequest ToRequest(decimal? temperature = null, bool preRegistered = true) => new(
        Destination,
        string.IsNullOrWhiteSpace(ArrivalDate) ? null : $"{ArrivalDate.Trim()}T{(string.IsNullOrWhiteSpace(ArrivalTime) ? "00:00" : ArrivalTime.Trim())}:00+08:00",
        [.. Stays.Where(s => !s.IsBlank).Select(s => new StayInput(s.Region, s.AllAreas(), s.From, s.To))],
        CameFromAbroad ? new AbroadInput(EnteredChinaOn, CentralizedQuarantineDays ?? 0) : null,
        HasCertificate ? new CertificateInput(string.IsNullOrWhiteSpace(SampledAt) ? null : $"{SampledAt.Trim()}:00+08:00", CertificateResult) : null,
        Occupation,
        TravelerType,
        preRegistered,
        HomeIsolationFeasible,
        temperature);

    /// <summary>
    /// Maps the rules service's field paths (<c>stays[1].to</c>) onto this form's inputs; blank stay rows are not
    /// sent, so the request's stay k is the k-th filled row of the form.
    /// </summary>
    public void CopyErrors(IDictionary<string, string[]> errors, ModelStateDictionary modelState, string prefix)
    {
        var filledRows = Stays.Select((stay, row) => (stay, row)).Where(s => !s.stay.IsBlank).Select(s => s.row).ToArray();
        foreach (var (path, messages) in errors)
        {
            var key = path switch
            {
                "destination" => nameof(Destination),
                "arrivalAt" => nameof(ArrivalDate),
                "nucleicAcidTest.sampledAt" => nameof(SampledAt),
                "nucleicAcidTest.result" => nameof(CertificateResult),
                "abroad.enteredChinaOn" => nameof(EnteredChinaOn),
                "abroad.centralizedQuarantineDays" => nameof(CentralizedQuarantineDays),
                _ when StayPath().Match(path) is { Success: true } stay =>
                    $"Stays[{filledRows[int.Parse(stay.Groups[1].Value, CultureInfo.InvariantCulture)]}]{PascalCase(stay.Groups[2].Value)}",
                _ => PascalCase(path),
            };
            foreach (var message in messages)
            {
                modelState.AddModelError($"{prefix}.{key}", message);
            }
        }
    }

    /// <summary>The counties of Inner Mongolia grouped by prefecture: the destinations the policies cover.</summary>
    public static IReadOnlyList<(Region Prefecture, IReadOnlyList<Region> Counties)> InnerMongoliaCounties(RegionCatalog regions) =>
        [.. (regions.Children("150000") ?? []).Select(p => (p, regions.Children(p.Code) ?? []))];

    [GeneratedRegex(@"^stays\[(\d+)\](.*)$")]
    private static partial Regex StayPath();

    private static string PascalCase(string path) =>
        string.Join('.', path.Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));
}

public sealed class StayForm
{
    public string? Region { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>Ticked designated areas of the county.</summary>
    public List<string> Areas { get; set; } = [];

    /// <summary>Other sub-county areas typed by hand, separated by commas or 、.</summary>
    public string? AreasText { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Region) && string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To);

    public IReadOnlyList<string> AllAreas() =>
        [.. Areas.Where(a => !string.IsNullOrWhiteSpace(a)).Concat((AreasText ?? string.Empty).Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)];
}

/// <summary>A page that shows the shared trip fields (<c>_TripFields</c>).</summary>
public interface ITripFormPage
{
    TripForm Input { get; }

    IReadOnlyList<IReadOnlyList<string>> StayAreas { get; }
}
