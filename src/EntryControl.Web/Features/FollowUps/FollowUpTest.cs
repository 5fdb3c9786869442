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

    /// <summary>The phase only advises its tests (seed 001 五, "建议"): listed as advised, never due or overdue, not needed for release.</summary>
    public bool Advisory { get; set; }

    public DateTimeOffset? SampledAt { get; set; }

    /// <summary>Null while the sample is at the lab.</summary>
    public TestResult? Result { get; set; }

    /// <summary>
    /// 落地检 the tube of a landing test taken at the checkpoint on the phase's first day, which fulfils this test; its
    /// result comes from the lab through the landing test, not from the worker.
    /// </summary>
    public string? TubeNumber { get; set; }

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

    /// <summary>The notice only advises this phase: it gives no health-code colour.</summary>
    public bool Advisory { get; set; }
}

/// <summary>
/// 解除 the community's release of a traveler from their measure: who released, when, why, and whether the checks
/// (every phase over, every required test negative) were overridden. One per declaration.
/// </summary>
public sealed class MeasureRelease
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    /// <summary>The releasing community (the traveler's destination community at the time).</summary>
    public required string CommunityCode { get; set; }

    /// <summary>The most severe measure released from, and the first and last day of the plan, as at the release.</summary>
    public Measure Measure { get; set; }

    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public DateTimeOffset ReleasedAt { get; set; }

    /// <summary>
    /// What the notice's QR code carries (<c>/release/{code}</c>): 128 random bits of its own, so a printed notice
    /// proves the release without handing out the declaration's code.
    /// </summary>
    public required string VerificationCode { get; set; }

    public Guid ReleasedBy { get; set; }

    public string? Note { get; set; }

    /// <summary>Released although a check failed (a phase not over, a test missing or not negative).</summary>
    public bool Override { get; set; }

    public string? Reason { get; set; }
}
