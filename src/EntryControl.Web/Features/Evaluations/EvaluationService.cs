using EntryControl.Rules;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Evaluations;

/// <summary>A decision with the trip it was made for and the designations of the stays' counties the engine saw.</summary>
public sealed record Evaluation(Trip Trip, Policy Policy, Decision Decision, IReadOnlyList<RiskDesignation> Designations);

/// <summary>
/// The one place a measure is decided: validates the trip, picks the policy in force at the destination on the
/// arrival date, reads the risk-area registry and runs the rules engine. Persists nothing.
/// </summary>
public sealed class EvaluationService(
    PolicyCatalog policies,
    DesignationRegistry registry,
    IValidator<EvaluationRequest> validator,
    IStringLocalizer<SharedResource> t)
{
    public async Task<ServiceResult<Evaluation>> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        var validation = await ValidateAsync(request, cancellationToken);
        return validation.Count > 0
            ? new ServiceResult<Evaluation>.Invalid(validation)
            : await EvaluateAsync(request.ToTrip(), cancellationToken);
    }

    /// <summary>The field errors of a trip (empty when it is valid), keyed as the evaluation API names them.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(EvaluationRequest request, CancellationToken cancellationToken) =>
        (await validator.ValidateAsync(request, cancellationToken)).ToErrorDictionary();

    /// <summary>Evaluates an already validated trip (e.g. a stored declaration re-decided at scan time).</summary>
    public async Task<ServiceResult<Evaluation>> EvaluateAsync(Trip trip, CancellationToken cancellationToken)
    {
        var arrivalDate = ChinaTime.LocalDate(trip.ArrivalAt);
        if (policies.Select(trip.Destination, arrivalDate) is not { } policy)
        {
            return new ServiceResult<Evaluation>.Unprocessable(t["Eval.NoPolicy", trip.Destination, IsoDates.Format(arrivalDate)]);
        }

        var designations = await registry.CurrentAsync(cancellationToken);
        var seen = trip.Stays.Select(s => s.Region).Distinct(StringComparer.Ordinal).SelectMany(designations.InRegion).ToArray();
        return new Evaluation(trip, policy, PolicyEvaluator.Evaluate(trip, designations, policy), seen);
    }
}
