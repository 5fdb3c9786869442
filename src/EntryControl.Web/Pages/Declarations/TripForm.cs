using System.Globalization;
using EntryControl.Rules;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;

namespace EntryControl.Web.Pages.Declarations;

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
        IsoDates.ChinaLocalInstant(ArrivalDate, ArrivalTime ?? string.Empty),
        [.. Stays.Where(s => !s.IsBlank).Select(s => new StayInput(s.Region, s.AllAreas(), s.From, s.To))],
        CameFromAbroad ? new AbroadInput(EnteredChinaOn, CentralizedQuarantineDays ?? 0) : null,
        HasCertificate ? new CertificateInput(IsoDates.ChinaLocalInstant(SampledAt), CertificateResult) : null,
        Occupation,
        TravelerType,
        preRegistered,
        HomeIsolationFeasible,
        temperature);

    /// <summary>
    /// How this form names the rules service's fields (<c>stays[1].to</c>): blank stay rows are not sent, so the
    /// request's stay k is the k-th filled row of the form.
    /// </summary>
    public FormFields Fields(string prefix) => new(prefix)
    {
        Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["destination"] = nameof(Destination),
            ["arrivalAt"] = nameof(ArrivalDate),
            ["nucleicAcidTest.sampledAt"] = nameof(SampledAt),
            ["nucleicAcidTest.result"] = nameof(CertificateResult),
            ["abroad.enteredChinaOn"] = nameof(EnteredChinaOn),
            ["abroad.centralizedQuarantineDays"] = nameof(CentralizedQuarantineDays),
        },
        Rows = new Dictionary<string, int[]>(StringComparer.Ordinal) { ["stays"] = FilledRows(Stays, s => s.IsBlank) },
    };

    /// <summary>The form rows that are sent, in order: a list's item k is the form's row <c>[k]</c>.</summary>
    public static int[] FilledRows<T>(IEnumerable<T> rows, Func<T, bool> isBlank) =>
        [.. rows.Select((row, index) => (row, index)).Where(r => !isBlank(r.row)).Select(r => r.index)];

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

    /// <summary>The look-back window of the destination's policy, when the page knows it (the stays hint names it).</summary>
    Rules.LookBack? StaysLookBack => null;
}
