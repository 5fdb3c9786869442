using EntryControl.Rules;

namespace EntryControl.Web.Features.Scans;

/// <summary>查验记录 one scan of a traveler at a checkpoint, with the decision at the scan time and what was done.</summary>
public sealed class CheckpointScan
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    public required string CheckpointCode { get; set; }

    /// <summary>入 or 出: an exit scan records a transit driver leaving the city; it decides nothing.</summary>
    public ScanDirection Direction { get; set; }

    public Guid OfficerId { get; set; }

    /// <summary>When the traveler was scanned (a tablet may send queued scans later).</summary>
    public DateTimeOffset ScannedAt { get; set; }

    /// <summary>When the portal received the scan.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    public decimal? TemperatureCelsius { get; set; }

    /// <summary>Why no temperature was taken, when the officer said so instead of measuring.</summary>
    public string? TemperatureNotMeasured { get; set; }

    public DateTimeOffset? CertificateSampledAt { get; set; }

    public TestResult? CertificateResult { get; set; }

    /// <summary>健康码 the colour the traveler's health code showed, when the officer recorded it.</summary>
    public HealthCode? HealthCode { get; set; }

    /// <summary>行程卡带星 the itinerary card carried a star, when the officer recorded it.</summary>
    public bool? ItineraryStar { get; set; }

    public Guid DecisionRecordId { get; set; }

    public Measure Measure { get; set; }

    public bool EntryAllowed { get; set; }

    public bool LandingTest { get; set; }

    public ScanOutcome? Outcome { get; set; }

    /// <summary>粘贴封条 the seal put on a freight vehicle.</summary>
    public string? SealNumber { get; set; }

    public DateTimeOffset? OutcomeAt { get; set; }

    /// <summary>落地检 the sample tube taken at the checkpoint (即采即走即追).</summary>
    public string? TubeNumber { get; set; }

    public TestResult? LandingTestResult { get; set; }

    public DateTimeOffset? ResultAt { get; set; }
}

public enum ScanDirection
{
    /// <summary>来（返） arriving: the declaration is decided again at the scan.</summary>
    Entry,

    /// <summary>出市 leaving: recorded for a transit driver (途经), no decision and no outcome.</summary>
    Exit,
}

/// <summary>处置 what the officer did.</summary>
public enum ScanOutcome
{
    Released,
    LandingTestTaken,
    TransferredToQuarantine,
    ReferredToClinic,
    Refused,
}
