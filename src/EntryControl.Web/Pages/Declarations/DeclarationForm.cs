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

    /// <summary>接收证明 the consignee company on the receipt certificate (freight drivers).</summary>
    public string? ReceiptCompany { get; set; }

    public string? ReceiptNumber { get; set; }

    /// <summary>途经（不在本市停留）: a freight driver passing through; the entry checkpoint replaces community and address.</summary>
    public bool Transit { get; set; }

    public string? Checkpoint { get; set; }

    public bool Attestation { get; set; }

    public DeclarationRequest ToRequest(TripForm trip)
    {
        var evaluation = trip.ToRequest();
        return new DeclarationRequest(
            Traveler.ToInput(),
            Community,
            Address,
            new TripInput(evaluation.ArrivalAt, evaluation.Stays, evaluation.Abroad, evaluation.NucleicAcidTest,
                evaluation.Occupation, evaluation.TravelerType, evaluation.HomeIsolationFeasible, Transit ? true : null),
            string.IsNullOrWhiteSpace(VehiclePlate) && string.IsNullOrWhiteSpace(VehicleCompany) && !HasReceipt
                ? null
                : new VehicleInput(VehiclePlate, VehicleCompany, HasReceipt ? new ReceiptInput(ReceiptCompany, ReceiptNumber) : null),
            Attestation,
            [.. CoTravelers.Where(c => !c.IsBlank).Select(c => c.ToInput())],
            Transit ? Checkpoint : null);
    }

    private bool HasReceipt => !string.IsNullOrWhiteSpace(ReceiptCompany) || !string.IsNullOrWhiteSpace(ReceiptNumber);

    /// <summary>The destination county: the community's, or for a transit the entry checkpoint's.</summary>
    public string? DestinationIn(IEnumerable<Features.Communities.CommunityView> communities, IEnumerable<Features.Checkpoints.CheckpointView> checkpoints) =>
        Transit ? checkpoints.FirstOrDefault(c => c.Code == Checkpoint)?.Region : communities.FirstOrDefault(c => c.Code == Community)?.Region;

    /// <summary>Puts the service's field errors next to the wizard's inputs; trip errors go to the trip form.</summary>
    public void CopyErrors(IDictionary<string, string[]> errors, TripForm trip, ModelStateDictionary modelState)
    {
        modelState.AddServiceErrors(
            errors.Where(e => IsTripField(e.Key)).ToDictionary(e => e.Key[5..], e => e.Value, StringComparer.Ordinal),
            trip.Fields("Input"));
        modelState.AddServiceErrors(
            errors.Where(e => !IsTripField(e.Key)).ToDictionary(StringComparer.Ordinal),
            new FormFields("Declaration")
            {
                Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["vehicle.plate"] = nameof(VehiclePlate),
                    ["vehicle.company"] = nameof(VehicleCompany),
                    ["vehicle.receipt"] = nameof(ReceiptNumber),
                    ["vehicle.receipt.company"] = nameof(ReceiptCompany),
                    ["vehicle.receipt.number"] = nameof(ReceiptNumber),
                    ["trip.transit"] = nameof(Transit),
                },
                Rows = new Dictionary<string, int[]>(StringComparer.Ordinal) { ["coTravelers"] = TripForm.FilledRows(CoTravelers, c => c.IsBlank) },
            });
    }

    /// <summary>The trip form's fields; the transit switch sits with community and address.</summary>
    private static bool IsTripField(string path) => path.StartsWith("trip.", StringComparison.Ordinal) && path != "trip.transit";

    /// <summary>The wizard step (1 who, 2 where, 3 trip, 4 review) a field belongs to.</summary>
    public static int StepOf(string path) => path switch
    {
        _ when path.StartsWith("traveler", StringComparison.Ordinal) || path.StartsWith("coTravelers", StringComparison.Ordinal) => 1,
        "community" or "address" or "checkpoint" or "trip.transit" or "trip.arrivalAt" => 2,
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
