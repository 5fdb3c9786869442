using EntryControl.Rules;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Declarations;

/// <summary>The body of <c>POST /api/v1/declarations</c> (api.md), plus up to <see cref="InputLimits.MaxCoTravelers"/> co-travelers sharing the destination.</summary>
public sealed record DeclarationRequest(
    TravelerInput? Traveler,
    string? Community,
    string? Address,
    TripInput? Trip,
    VehicleInput? Vehicle,
    bool? Attestation,
    IReadOnlyList<TravelerInput>? CoTravelers = null,
    string? Checkpoint = null)
{
    /// <summary>途经: a freight driver passing through, decided for the entry checkpoint's county.</summary>
    public bool IsTransit => Trip?.Transit == true;
}

public sealed record TravelerInput(string? Name, string? IdType, string? IdNumber, string? Phone);

public sealed record TripInput(
    string? ArrivalAt,
    IReadOnlyList<StayInput>? Stays = null,
    AbroadInput? Abroad = null,
    CertificateInput? NucleicAcidTest = null,
    string? Occupation = null,
    string? TravelerType = null,
    bool? HomeIsolationFeasible = null,
    bool? Transit = null)
{
    public EvaluationRequest ToEvaluation(string? destination, bool preRegistered = true, decimal? temperature = null, CertificateInput? shownOnTheSpot = null) =>
        new(destination, ArrivalAt, Stays, Abroad, shownOnTheSpot ?? NucleicAcidTest, Occupation, TravelerType, preRegistered, HomeIsolationFeasible, temperature);
}

public sealed record VehicleInput(string? Plate, string? Company, ReceiptInput? Receipt = null);

/// <summary>接收证明 the consignee's receipt certificate: who receives the goods, and the certificate's number.</summary>
public sealed record ReceiptInput(string? Company, string? Number);

public sealed class TravelerInputValidator : AbstractValidator<TravelerInput>
{
    public TravelerInputValidator(IStringLocalizer<SharedResource> t, TimeProvider clock, bool phoneRequired)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => t["Declaration.NameRequired"])
            .MaximumLength(50).WithMessage(_ => t["Declaration.NameTooLong"])
            .VisibleName(_ => t["Validation.NameCharacters"]);
        RuleFor(x => x.IdType).Must(type => IdentityDocuments.ParseType(type) is not null)
            .WithMessage(_ => t["Declaration.IdType"]);
        RuleFor(x => x.IdNumber).NotEmpty().WithMessage(_ => t["Declaration.IdNumberRequired"]);
        RuleFor(x => x.IdNumber)
            .Must((x, number) => IdentityDocuments.IsValid(IdentityDocuments.ParseType(x.IdType)!.Value, number))
            .When(x => IdentityDocuments.ParseType(x.IdType) is not null && !string.IsNullOrWhiteSpace(x.IdNumber))
            .WithMessage(x => IdentityDocuments.ParseType(x.IdType) == IdType.ResidentId ? t["Declaration.ResidentIdInvalid"] : t["Declaration.DocumentInvalid"]);
        RuleFor(x => x.IdNumber).Must(number => IdentityDocuments.HasKnownProvince(IdentityDocuments.Normalize(number!)))
            .When(x => IdentityDocuments.ParseType(x.IdType) == IdType.ResidentId && IdentityDocuments.IsValid(IdType.ResidentId, x.IdNumber))
            .WithMessage(_ => t["Declaration.ResidentIdRegion"]);
        // A checksum does not make a birth date real: nobody declaring today was born after today (China time).
        RuleFor(x => x.IdNumber)
            .Must(number => IdentityDocuments.ResidentIdBirthDate(IdentityDocuments.Normalize(number!)) <= ChinaTime.LocalDate(clock.GetUtcNow()))
            .When(x => IdentityDocuments.ParseType(x.IdType) == IdType.ResidentId && IdentityDocuments.IsValid(IdType.ResidentId, x.IdNumber))
            .WithMessage(_ => t["Declaration.ResidentIdBirthFuture"]);
        if (phoneRequired)
        {
            RuleFor(x => x.Phone).NotEmpty().WithMessage(_ => t["Declaration.PhoneRequired"]);
        }

        RuleFor(x => x.Phone).Matches("^1[3-9][0-9]{9}$").When(x => !string.IsNullOrWhiteSpace(x.Phone))
            .WithMessage(_ => t["Declaration.PhoneInvalid"]);
    }
}

/// <summary>
/// The declaration's own fields. The trip is checked by the evaluation validator (same messages as the lookup), and
/// the arrival window by the service, which knows the clock.
/// </summary>
public sealed class DeclarationRequestValidator : AbstractValidator<DeclarationRequest>
{
    public const int MaxCoTravelers = InputLimits.MaxCoTravelers;

    public DeclarationRequestValidator(IStringLocalizer<SharedResource> t, TimeProvider clock)
    {
        RuleFor(x => x.Traveler).NotNull().WithMessage(_ => t["Declaration.NameRequired"]);
        RuleFor(x => x.Traveler!).SetValidator(new TravelerInputValidator(t, clock, phoneRequired: true)).When(x => x.Traveler is not null);
        RuleFor(x => x.Community).NotEmpty().When(x => !x.IsTransit).WithMessage(_ => t["Declaration.CommunityRequired"]);
        RuleFor(x => x.Address).NotEmpty().When(x => !x.IsTransit).WithMessage(_ => t["Declaration.AddressRequired"]);
        RuleFor(x => x.Address).MaximumLength(200).WithMessage(_ => t["Declaration.AddressTooLong"])
            .NoControlCharacters();
        RuleFor(x => x.Trip!.Transit).Must((x, _) => x.Trip!.TravelerType == "freightDriver").When(x => x.IsTransit)
            .WithMessage(_ => t["Declaration.TransitFreightOnly"]).OverridePropertyName("trip.transit");
        RuleFor(x => x.Checkpoint).NotEmpty().When(x => x.IsTransit).WithMessage(_ => t["Declaration.CheckpointRequired"]);
        RuleFor(x => x.Checkpoint).MaximumLength(32).NoControlCharacters();
        RuleFor(x => x.Trip).NotNull().WithMessage(_ => t["Eval.ArrivalRequired"]);
        RuleFor(x => x.Attestation).Equal(true).WithMessage(_ => t["Declaration.Attestation"]);
        RuleFor(x => x.CoTravelers).Must(c => c is null || c.Count <= MaxCoTravelers)
            .WithMessage(_ => t["Declaration.TooManyCoTravelers", MaxCoTravelers]);
        RuleForEach(x => x.CoTravelers).NotNull().WithMessage(_ => t["Declaration.NameRequired"])
            .SetValidator(new TravelerInputValidator(t, clock, phoneRequired: false));
        // One person, one declaration: a document already in the group (the main traveler's or an earlier
        // co-traveler's) is refused against the co-traveler who repeats it.
        RuleFor(x => x.CoTravelers).Custom((coTravelers, context) =>
        {
            if (coTravelers is null || coTravelers.Count > MaxCoTravelers)
            {
                return;
            }

            var seen = new HashSet<(IdType, string)>();
            if (DocumentOf(context.InstanceToValidate.Traveler) is { } main)
            {
                seen.Add(main);
            }

            for (var i = 0; i < coTravelers.Count; i++)
            {
                if (DocumentOf(coTravelers[i]) is { } document && !seen.Add(document))
                {
                    context.AddFailure($"CoTravelers[{i}].IdNumber", t["Declaration.DuplicateDocument"]);
                }
            }
        });
        RuleFor(x => x.Vehicle).Must(v => !string.IsNullOrWhiteSpace(v?.Plate)).When(x => x.Trip?.TravelerType == "freightDriver")
            .WithMessage(_ => t["Declaration.PlateRequired"]).OverridePropertyName("vehicle.plate");
        When(x => x.Vehicle is not null, () =>
        {
            RuleFor(x => x.Vehicle!.Plate).MaximumLength(16).NoControlCharacters().OverridePropertyName("vehicle.plate");
            RuleFor(x => x.Vehicle!.Company).MaximumLength(100).NoControlCharacters().OverridePropertyName("vehicle.company");
        });
        When(x => x.Vehicle?.Receipt is not null, () =>
        {
            RuleFor(x => x.Vehicle!.Receipt).Must((x, _) => x.Trip?.TravelerType == "freightDriver")
                .WithMessage(_ => t["Declaration.ReceiptFreightOnly"]).OverridePropertyName("vehicle.receipt");
            RuleFor(x => x.Vehicle!.Receipt!.Company).NotEmpty().WithMessage(_ => t["Declaration.ReceiptCompanyRequired"])
                .MaximumLength(100).WithMessage(_ => t["Declaration.ReceiptCompanyTooLong"])
                .NoControlCharacters().OverridePropertyName("vehicle.receipt.company");
            RuleFor(x => x.Vehicle!.Receipt!.Number).NotEmpty().WithMessage(_ => t["Declaration.ReceiptNumberRequired"])
                .MaximumLength(64).WithMessage(_ => t["Declaration.ReceiptNumberTooLong"])
                .NoControlCharacters().OverridePropertyName("vehicle.receipt.number");
        });
    }

    private static (IdType, string)? DocumentOf(TravelerInput? traveler) =>
        IdentityDocuments.ParseType(traveler?.IdType) is { } type && !string.IsNullOrWhiteSpace(traveler!.IdNumber)
            ? (type, IdentityDocuments.Normalize(traveler.IdNumber))
            : null;
}
