namespace EntryControl.Web.Features.Alerts;

/// <summary>预警 raised for the traveler's community and the command center, e.g. on a positive test.</summary>
public sealed class Alert
{
    public Guid Id { get; set; }

    public Guid DeclarationId { get; set; }

    /// <summary>Null for a transit driver (途经), who has no community: the command center alone sees it.</summary>
    public string? CommunityCode { get; set; }

    public AlertKind Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum AlertKind
{
    /// <summary>落地检阳性 the tube taken at the checkpoint came back positive.</summary>
    PositiveLandingTest,

    /// <summary>The community's follow-up test came back positive.</summary>
    PositiveFollowUpTest,

    /// <summary>协查: a registry change changed the traveler's measure or its phases.</summary>
    MeasureChanged,

    /// <summary>健康码异常 the traveler showed a yellow or red health code at the checkpoint.</summary>
    HealthCodeNotGreen,
}
