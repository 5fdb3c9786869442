using EntryControl.Rules;

namespace EntryControl.Web.Features.FollowUps;

/// <summary>
/// 社区跟踪检测 a test the traveler's community must see taken: one scheduled test of the traveler's current decision,
/// and, once a worker records it, when it was sampled and its result.
/// </summary>
public sealed class FollowUpTest
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    /// <summary>The destination community (copied so lists filter without a join).</summary>
    public required string CommunityCode { get; set; }

    public DateOnly Date { get; set; }

    public TestKind Kind { get; set; }

    /// <summary>The measure of the phase the test belongs to.</summary>
    public Measure Measure { get; set; }

    public DateOnly PhaseEnd { get; set; }

    public DateTimeOffset? SampledAt { get; set; }

    /// <summary>Null while the sample is at the lab.</summary>
    public TestResult? Result { get; set; }

    public Guid? RecordedBy { get; set; }

    public DateTimeOffset? RecordedAt { get; set; }
}

/// <summary>A stretch of days a traveler is under a measure, for "who is under a measure, until when".</summary>
public sealed class MeasurePhase
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    public required string CommunityCode { get; set; }

    public Measure Measure { get; set; }

    public DateOnly Start { get; set; }

    public DateOnly End { get; set; }
}
