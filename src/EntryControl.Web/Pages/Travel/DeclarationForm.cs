using System.Globalization;
using System.Text.RegularExpressions;
using EntryControl.Web.Features.Declarations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Pages.Travel;

/// <summary>Who and where of the declaration wizard; the trip itself is a <see cref="TripForm"/> bound as "Input".</summary>
public sealed partial class DeclarationForm
{
    public TravelerForm Traveler { get; set; } = new();

    public List<TravelerForm> CoTravelers { get; set; } = [];

    public string? Community { get; set; }

    public string? Address { get; set; }

    public string? VehiclePlate { get; set; }

    public string? VehicleCompany { get; set; }

    public bool Attestation { get; set; }

    public DeclarationRequest ToRequest(TripForm trip)
    {
        var evaluation = trip.ToRequest();
        return new DeclarationRequest(
            Traveler.ToInput(),
            Community,
            Address,
            new TripInput(evaluation.ArrivalAt, evaluation.Stays, evaluation.Abroad, evaluation.NucleicAcidTest,
                evaluation.Occupation, evaluation.TravelerType, evaluation.HomeIsolationFeasible),
            string.IsNullOrWhiteSpace(VehiclePlate) && string.IsNullOrWhiteSpace(VehicleCompany) ? null : new VehicleInput(VehiclePlate, VehicleCompany),
            Attestation,
            [.. CoTravelers.Where(c => !c.IsBlank).Select(c => c.ToInput())]);
    }

    /// <summary>Puts the service's field errors next to the wizard's inputs; trip errors go to the trip form.</summary>
    public void CopyErrors(IDictionary<string, string[]> errors, TripForm trip, ModelStateDictionary modelState)
    {
        var filledRows = CoTravelers.Select((c, row) => (c, row)).Where(c => !c.c.IsBlank).Select(c => c.row).ToArray();
        var tripErrors = errors.Where(e => e.Key.StartsWith("trip.", StringComparison.Ordinal))
            .ToDictionary(e => e.Key[5..], e => e.Value, StringComparer.Ordinal);
        trip.CopyErrors(tripErrors, modelState, "Input");
        foreach (var (path, messages) in errors.Where(e => !e.Key.StartsWith("trip.", StringComparison.Ordinal)))
        {
            var key = path switch
            {
                "vehicle.plate" => nameof(VehiclePlate),
                "vehicle.company" => nameof(VehicleCompany),
                _ when CoTravelerPath().Match(path) is { Success: true } row =>
                    $"CoTravelers[{filledRows[int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture)]}]{Pascal(row.Groups[2].Value)}",
                _ => Pascal(path),
            };
            foreach (var message in messages)
            {
                modelState.AddModelError("Declaration." + key, message);
            }
        }
    }

    /// <summary>The wizard step (1 who, 2 where, 3 trip, 4 review) a field belongs to.</summary>
    public static int StepOf(string path) => path switch
    {
        _ when path.StartsWith("traveler", StringComparison.Ordinal) || path.StartsWith("coTravelers", StringComparison.Ordinal) => 1,
        "community" or "address" or "trip.arrivalAt" => 2,
        _ when path.StartsWith("trip.", StringComparison.Ordinal) || path.StartsWith("vehicle", StringComparison.Ordinal) => 3,
        _ => 4,
    };

    [GeneratedRegex(@"^coTravelers\[(\d+)\](.*)$")]
    private static partial Regex CoTravelerPath();

    private static string Pascal(string path) =>
        string.Join('.', path.Split('.').Select(s => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]));
}

public sealed class TravelerForm
{
    public string? Name { get; set; }

    public string? IdType { get; set; } = "residentId";

    public string? IdNumber { get; set; }

    public string? Phone { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(IdNumber) && string.IsNullOrWhiteSpace(Phone);

    public TravelerInput ToInput() => new(Name, IdType, IdNumber, Phone);
}
