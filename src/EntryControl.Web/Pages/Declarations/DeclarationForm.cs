using EntryControl.Web.Features.Declarations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EntryControl.Web.Pages.Declarations;

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
        modelState.AddServiceErrors(
            errors.Where(e => e.Key.StartsWith("trip.", StringComparison.Ordinal)).ToDictionary(e => e.Key[5..], e => e.Value, StringComparer.Ordinal),
            trip.Fields("Input"));
        modelState.AddServiceErrors(
            errors.Where(e => !e.Key.StartsWith("trip.", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal),
            new FormFields("Declaration")
            {
                Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["vehicle.plate"] = nameof(VehiclePlate),
                    ["vehicle.company"] = nameof(VehicleCompany),
                },
                Rows = new Dictionary<string, int[]>(StringComparer.Ordinal) { ["coTravelers"] = TripForm.FilledRows(CoTravelers, c => c.IsBlank) },
            });
    }

    /// <summary>The wizard step (1 who, 2 where, 3 trip, 4 review) a field belongs to.</summary>
    public static int StepOf(string path) => path switch
    {
        _ when path.StartsWith("traveler", StringComparison.Ordinal) || path.StartsWith("coTravelers", StringComparison.Ordinal) => 1,
        "community" or "address" or "trip.arrivalAt" => 2,
        _ when path.StartsWith("trip.", StringComparison.Ordinal) || path.StartsWith("vehicle", StringComparison.Ordinal) => 3,
        _ => 4,
    };
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
