using EntryControl.Rules;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>
/// The trip as a client sends it (policies.md §3). Dates, instants and enum values are text so that every bad
/// value is reported against its own field.
/// </summary>
public sealed record EvaluationRequest(
    string? Destination,
    string? ArrivalAt,
    IReadOnlyList<StayInput>? Stays = null,
    AbroadInput? Abroad = null,
    CertificateInput? NucleicAcidTest = null,
    string? Occupation = null,
    string? TravelerType = null,
    bool? PreRegistered = null,
    bool? HomeIsolationFeasible = null,
    decimal? TemperatureCelsius = null);

public sealed record StayInput(string? Region, IReadOnlyList<string>? Areas, string? From, string? To);

public sealed record AbroadInput(string? EnteredChinaOn, int? CentralizedQuarantineDays);

public sealed record CertificateInput(string? SampledAt, string? Result);

public static class TripMapping
{
    /// <summary>The engine's trip; call only after <see cref="EvaluationRequestValidator"/> passed.</summary>
    public static Trip ToTrip(this EvaluationRequest request)
    {
        if (!IsoDates.TryParseInstant(request.ArrivalAt, out var arrivalAt))
        {
            throw new InvalidOperationException("The request was not validated: arrivalAt is not an instant.");
        }

        return new Trip(
            request.Destination!.Trim(),
            arrivalAt,
            [.. (request.Stays ?? []).Select(s => new Stay(
                s.Region!.Trim(),
                [.. (s.Areas ?? []).Select(a => a.Trim()).Where(a => a.Length > 0)],
                IsoDates.ParseDateOrNull(s.From)!.Value,
                IsoDates.ParseDateOrNull(s.To)!.Value))],
            request.Abroad is { } abroad
                ? new AbroadEntry(IsoDates.ParseDateOrNull(abroad.EnteredChinaOn)!.Value, abroad.CentralizedQuarantineDays ?? 0)
                : null,
            request.NucleicAcidTest is { } test && IsoDates.TryParseInstant(test.SampledAt, out var sampledAt)
                ? new NucleicAcidCertificate(sampledAt, ApiNames.Parse<TestResult>(test.Result) ?? TestResult.Negative)
                : null,
            ApiNames.Parse<Occupation>(request.Occupation) ?? Occupation.None,
            ApiNames.Parse<TravelerType>(request.TravelerType) ?? TravelerType.Person,
            request.PreRegistered ?? true,
            request.HomeIsolationFeasible ?? true,
            request.TemperatureCelsius);
    }
}

/// <summary>The 400 rules of policies.md §3: every bad field is named.</summary>
public sealed class EvaluationRequestValidator : AbstractValidator<EvaluationRequest>
{
    public EvaluationRequestValidator(RegionCatalog regions, IStringLocalizer<SharedResource> t)
    {
        RuleFor(r => r.Destination).NotEmpty().WithMessage(_ => t["Eval.DestinationRequired"])
            .Must(regions.IsCounty).When(r => !string.IsNullOrWhiteSpace(r.Destination), ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => t["Eval.DestinationCounty"]);
        RuleFor(r => r.ArrivalAt).NotEmpty().WithMessage(_ => t["Eval.ArrivalRequired"])
            .Must(a => IsoDates.TryParseInstant(a, out _)).When(r => !string.IsNullOrWhiteSpace(r.ArrivalAt), ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => t["Eval.ArrivalFormat"]);
        RuleFor(r => r.Stays).Must(stays => stays is null || stays.Count <= InputLimits.MaxStays)
            .WithMessage(_ => t["Eval.TooManyStays", InputLimits.MaxStays]);
        RuleForEach(r => r.Stays).NotNull().WithMessage(_ => t["Eval.StayRegionRequired"])
            .SetValidator(request => new StayInputValidator(regions, ArrivalDate(request), t));
        RuleFor(r => r.Abroad!).SetValidator(request => new AbroadInputValidator(ArrivalDate(request), t)).When(r => r.Abroad is not null);
        RuleFor(r => r.NucleicAcidTest!).SetValidator(request => new CertificateInputValidator(Arrival(request), t)).When(r => r.NucleicAcidTest is not null);
        RuleFor(r => r.Occupation).Must(ApiNames.IsDefined<Occupation>).When(r => r.Occupation is not null)
            .WithMessage(_ => t["Eval.Occupation"]);
        RuleFor(r => r.TravelerType).Must(ApiNames.IsDefined<TravelerType>).When(r => r.TravelerType is not null)
            .WithMessage(_ => t["Eval.TravelerType"]);
        RuleFor(r => r.TemperatureCelsius).InclusiveBetween(30m, 45m).When(r => r.TemperatureCelsius is not null)
            .WithMessage(_ => t["Eval.Temperature"]);
    }

    private static DateTimeOffset? Arrival(EvaluationRequest request) =>
        IsoDates.TryParseInstant(request.ArrivalAt, out var arrival) ? arrival : null;

    private static DateOnly? ArrivalDate(EvaluationRequest request) =>
        Arrival(request) is { } arrival ? ChinaTime.LocalDate(arrival) : null;
}

public sealed class StayInputValidator : AbstractValidator<StayInput>
{
    public StayInputValidator(RegionCatalog regions, DateOnly? arrivalDate, IStringLocalizer<SharedResource> t)
    {
        RuleFor(s => s.Region).NotEmpty().WithMessage(_ => t["Eval.StayRegionRequired"])
            .Must(regions.IsCounty).When(s => !string.IsNullOrWhiteSpace(s.Region), ApplyConditionTo.CurrentValidator)
            .WithMessage(_ => t["Eval.StayRegionCounty"]);
        RuleFor(s => s.From).Must(f => IsoDates.TryParseDate(f, out _)).WithMessage(_ => t["Eval.StayFrom"]);
        RuleFor(s => s.To).Must(t => IsoDates.TryParseDate(t, out _)).WithMessage(_ => t["Eval.StayTo"]);
        RuleFor(s => s.To).Must((s, to) => IsoDates.ParseDateOrNull(to) >= IsoDates.ParseDateOrNull(s.From))
            .When(s => IsoDates.TryParseDate(s.From, out _) && IsoDates.TryParseDate(s.To, out _))
            .WithMessage(_ => t["Eval.StayToBeforeFrom"]);
        RuleFor(s => s.From).Must(f => IsoDates.ParseDateOrNull(f) <= arrivalDate)
            .When(s => arrivalDate is not null && IsoDates.TryParseDate(s.From, out _))
            .WithMessage(_ => t["Eval.StayAfterArrival"]);
        RuleFor(s => s.From).Must(f => IsoDates.ParseDateOrNull(f) >= InputLimits.EarliestDate)
            .When(s => IsoDates.TryParseDate(s.From, out _))
            .WithMessage(_ => t["Validation.DateTooEarly", IsoDates.Format(InputLimits.EarliestDate)]);
        RuleFor(s => s.Areas).Must(areas => areas is null || areas.Count <= InputLimits.MaxAreasPerStay)
            .WithMessage(_ => t["Eval.TooManyAreas", InputLimits.MaxAreasPerStay]);
        RuleForEach(s => s.Areas).NotEmpty().MaximumLength(100).NoControlCharacters()
            .VisibleName(_ => t["Validation.NameCharacters"]);
    }
}

public sealed class AbroadInputValidator : AbstractValidator<AbroadInput>
{
    public AbroadInputValidator(DateOnly? arrivalDate, IStringLocalizer<SharedResource> t)
    {
        RuleFor(a => a.EnteredChinaOn).Must(e => IsoDates.TryParseDate(e, out _))
            .WithMessage(_ => t["Eval.AbroadDate"]);
        RuleFor(a => a.EnteredChinaOn).Must(e => IsoDates.ParseDateOrNull(e) <= arrivalDate)
            .When(a => arrivalDate is not null && IsoDates.TryParseDate(a.EnteredChinaOn, out _))
            .WithMessage(_ => t["Eval.AbroadAfterArrival"]);
        RuleFor(a => a.EnteredChinaOn).Must(e => IsoDates.ParseDateOrNull(e) >= InputLimits.EarliestDate)
            .When(a => IsoDates.TryParseDate(a.EnteredChinaOn, out _))
            .WithMessage(_ => t["Validation.DateTooEarly", IsoDates.Format(InputLimits.EarliestDate)]);
        RuleFor(a => a.CentralizedQuarantineDays).GreaterThanOrEqualTo(0)
            .WithMessage(_ => t["Eval.QuarantineNegative"]);
        RuleFor(a => a.CentralizedQuarantineDays)
            .Must((a, days) => days <= arrivalDate!.Value.DayNumber - IsoDates.ParseDateOrNull(a.EnteredChinaOn)!.Value.DayNumber)
            .When(a => a.CentralizedQuarantineDays >= 0 && arrivalDate is not null && IsoDates.ParseDateOrNull(a.EnteredChinaOn) <= arrivalDate)
            .WithMessage(_ => t["Eval.QuarantineTooMany"]);
    }
}

public sealed class CertificateInputValidator : AbstractValidator<CertificateInput>
{
    public CertificateInputValidator(DateTimeOffset? arrival, IStringLocalizer<SharedResource> t)
    {
        RuleFor(c => c.SampledAt).Must(s => IsoDates.TryParseInstant(s, out _))
            .WithMessage(_ => t["Eval.SampledAtFormat"]);
        RuleFor(c => c.SampledAt).Must(s => IsoDates.TryParseInstant(s, out var sampled) && sampled <= arrival)
            .When(c => arrival is not null && IsoDates.TryParseInstant(c.SampledAt, out _))
            .WithMessage(_ => t["Eval.SampledAfterArrival"]);
        RuleFor(c => c.SampledAt).Must(s => IsoDates.TryParseInstant(s, out var sampled) && sampled >= IsoDates.EarliestInstant)
            .When(c => IsoDates.TryParseInstant(c.SampledAt, out _))
            .WithMessage(_ => t["Validation.DateTooEarly", IsoDates.Format(InputLimits.EarliestDate)]);
        RuleFor(c => c.Result).Must(ApiNames.IsDefined<TestResult>)
            .WithMessage(_ => t["Eval.CertificateResult"]);
    }
}
