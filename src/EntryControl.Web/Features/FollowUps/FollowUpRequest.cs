using EntryControl.Rules;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.FollowUps;

/// <summary>The body of <c>POST /api/v1/follow-ups/tests</c> (api.md).</summary>
public sealed record RecordTestRequest(Guid? DeclarationId, string? Date, string? Kind, string? SampledAt, string? Result);

public sealed class RecordTestRequestValidator : AbstractValidator<RecordTestRequest>
{
    public RecordTestRequestValidator(IStringLocalizer<SharedResource> t, TimeProvider clock)
    {
        RuleFor(r => r.DeclarationId).NotNull().WithMessage(_ => t["FollowUp.Declaration"]);
        RuleFor(r => r.Date).Must(d => IsoDates.TryParseDate(d, out _)).WithMessage(_ => t["FollowUp.Date"]);
        RuleFor(r => r.Kind).Must(ApiNames.IsDefined<TestKind>).WithMessage(_ => t["FollowUp.Kind"]);
        RuleFor(r => r.SampledAt).Must(at => IsoDates.TryParseInstant(at, out _)).WithMessage(_ => t["FollowUp.SampledAt"]);
        // Taken from the day before the scheduled day (a sample the evening before counts) up to now.
        RuleFor(r => r.SampledAt).Must((r, at) => IsoDates.TryParseInstant(at, out var sampled)
                && sampled <= clock.GetUtcNow().AddMinutes(5)
                && sampled >= ChinaTime.StartOfDay(IsoDates.ParseDateOrNull(r.Date)!.Value.AddDays(-1)))
            .When(r => IsoDates.TryParseInstant(r.SampledAt, out _) && IsoDates.TryParseDate(r.Date, out _))
            .WithMessage(_ => t["FollowUp.SampledAtWindow"]);
        RuleFor(r => r.Result).Must(ApiNames.IsDefined<TestResult>).When(r => !string.IsNullOrWhiteSpace(r.Result)).WithMessage(_ => t["Eval.CertificateResult"]);
    }
}
