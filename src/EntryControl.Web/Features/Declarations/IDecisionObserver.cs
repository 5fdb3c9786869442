using EntryControl.Rules;

namespace EntryControl.Web.Features.Declarations;

/// <summary>
/// A declaration's latest decision changed: made on submission (<see cref="IsNew"/>), made again on an amendment or a
/// checkpoint scan, or withdrawn (<see cref="Decision"/> null: the declaration was cancelled). A transit driver
/// (途经) has no community: <see cref="CommunityCode"/> is null and nobody follows them up. <see cref="Previous"/> is the
/// latest decision before this one when the caller has it at hand (a checkpoint scan, a re-evaluation), else null.
/// </summary>
public sealed record DecisionChange(Guid DeclarationId, string? CommunityCode, Decision? Decision, bool IsNew, Decision? Previous = null);

/// <summary>
/// Implemented by features that keep something in step with a declaration's latest decision (the community's
/// follow-up plan). The declarations feature calls every observer in the same unit of work, before it saves, so it
/// needs to know nothing of them: features above it depend on it, never the other way round.
/// </summary>
public interface IDecisionObserver
{
    Task DecisionChangedAsync(DecisionChange change, CancellationToken cancellationToken);
}
