using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Scans;

/// <summary>The body of <c>POST /api/v1/scans</c> (api.md).</summary>
public sealed record ScanRequest(
    string? Code,
    string? IdNumber,
    string? Checkpoint,
    decimal? TemperatureCelsius,
    CertificateInput? NucleicAcidTest,
    string? ScannedAt,
    string? HealthCode = null,
    bool? ItineraryStar = null,
    string? TemperatureNotMeasured = null,
    string? Direction = null);

public sealed record OutcomeRequest(string? Outcome, string? SealNumber, string? TubeNumber = null);

public sealed record LandingTestResultRequest(string? Result);

public sealed class ScanRequestValidator : AbstractValidator<ScanRequest>
{
    public ScanRequestValidator(IStringLocalizer<SharedResource> t, TimeProvider clock)
    {
        RuleFor(s => s.Code).NotEmpty().When(s => string.IsNullOrWhiteSpace(s.IdNumber)).WithMessage(_ => t["Scan.CodeOrId"]);
        RuleFor(s => s.Checkpoint).NotEmpty().WithMessage(_ => t["Scan.Checkpoint"])
            .MaximumLength(32).WithMessage(_ => t["Scan.Checkpoint"]).NoControlCharacters();
        RuleFor(s => s.Code).MaximumLength(64).WithMessage(_ => t["Scan.CodeOrId"]).NoControlCharacters();
        RuleFor(s => s.IdNumber).MaximumLength(64).WithMessage(_ => t["Scan.CodeOrId"]).NoControlCharacters();
        RuleFor(s => s.TemperatureCelsius).InclusiveBetween(30m, 45m).When(s => s.TemperatureCelsius is not null).WithMessage(_ => t["Eval.Temperature"]);
        // Why no temperature was taken (the console asks for one or the other); never both.
        RuleFor(s => s.TemperatureNotMeasured).Must(reason => reason!.Trim().Length is > 0 and <= 100).When(s => s.TemperatureNotMeasured is not null)
            .WithMessage(_ => t["Scan.NotMeasuredReason"]).NoControlCharacters();
        RuleFor(s => s.TemperatureNotMeasured).Null().When(s => s.TemperatureCelsius is not null).WithMessage(_ => t["Scan.NotMeasuredReason"]);
        RuleFor(s => s.ScannedAt).Must(at => IsoDates.TryParseInstant(at, out _)).When(s => s.ScannedAt is not null).WithMessage(_ => t["Scan.ScannedAt"]);
        // A tablet that lost its network sends queued scans later, up to a day back; never from the future.
        RuleFor(s => s.ScannedAt).Must(at => IsoDates.TryParseInstant(at, out var sent)
                && sent >= clock.GetUtcNow().AddHours(-24) && sent <= clock.GetUtcNow().AddMinutes(5))
            .When(s => IsoDates.TryParseInstant(s.ScannedAt, out _))
            .WithMessage(_ => t["Scan.ScannedAtWindow"]);
        RuleFor(s => s.NucleicAcidTest!.SampledAt).Must(at => IsoDates.TryParseInstant(at, out _)).When(s => s.NucleicAcidTest is not null)
            .WithMessage(_ => t["Eval.SampledAtFormat"]).OverridePropertyName("nucleicAcidTest.sampledAt");
        // A certificate shown at the checkpoint was sampled before the scan (the queued scan's own time, or now).
        RuleFor(s => s.NucleicAcidTest!.SampledAt).Must((s, at) => IsoDates.TryParseInstant(at, out var sampled)
                && sampled <= (IsoDates.TryParseInstant(s.ScannedAt, out var scanned) ? scanned : clock.GetUtcNow().AddMinutes(5)))
            .When(s => s.NucleicAcidTest is not null && IsoDates.TryParseInstant(s.NucleicAcidTest.SampledAt, out _))
            .WithMessage(_ => t["Scan.SampledAfterScan"]).OverridePropertyName("nucleicAcidTest.sampledAt");
        RuleFor(s => s.NucleicAcidTest!.SampledAt).Must(at => IsoDates.TryParseInstant(at, out var sampled) && sampled >= IsoDates.EarliestInstant)
            .When(s => s.NucleicAcidTest is not null && IsoDates.TryParseInstant(s.NucleicAcidTest.SampledAt, out _))
            .WithMessage(_ => t["Validation.DateTooEarly", IsoDates.Format(InputLimits.EarliestDate)]).OverridePropertyName("nucleicAcidTest.sampledAt");
        RuleFor(s => s.NucleicAcidTest!.Result).Must(ApiNames.IsDefined<Rules.TestResult>).When(s => s.NucleicAcidTest is not null)
            .WithMessage(_ => t["Eval.CertificateResult"]).OverridePropertyName("nucleicAcidTest.result");
        RuleFor(s => s.Direction).Must(ApiNames.IsDefined<ScanDirection>).When(s => s.Direction is not null)
            .WithMessage(_ => t["Scan.Direction"]);
        RuleFor(s => s.HealthCode).Must(ApiNames.IsDefined<Rules.HealthCode>).When(s => s.HealthCode is not null)
            .WithMessage(_ => t["Scan.HealthCode"]);
    }
}

public sealed class OutcomeRequestValidator : AbstractValidator<OutcomeRequest>
{
    public OutcomeRequestValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(o => o.Outcome).Must(ApiNames.IsDefined<ScanOutcome>).WithMessage(_ => t["Scan.Outcome"]);
        RuleFor(o => o.SealNumber).MaximumLength(32).WithMessage(_ => t["Scan.SealNumber"]).NoControlCharacters().WithMessage(_ => t["Scan.SealNumber"]);
        RuleFor(o => o.TubeNumber).NotEmpty().When(o => ApiNames.Parse<ScanOutcome>(o.Outcome) == ScanOutcome.LandingTestTaken)
            .WithMessage(_ => t["Scan.TubeRequired"]);
        RuleFor(o => o.TubeNumber).Must(tube => tube!.Trim() is { Length: <= 32 } trimmed && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            .When(o => !string.IsNullOrWhiteSpace(o.TubeNumber))
            .WithMessage(_ => t["Scan.TubeFormat"]);
    }
}
