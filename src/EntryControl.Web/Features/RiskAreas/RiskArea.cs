using EntryControl.Rules;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>
/// 风险区域 a risk designation in the registry: a county (or a named area inside it) at a risk level from
/// <see cref="From"/> (which may be set earlier than the announcement, for retroactive tracing) until
/// <see cref="To"/> (inclusive; null while it is in force).
/// </summary>
public sealed class RiskArea
{
    public Guid Id { get; set; }

    public required string Region { get; set; }

    public string? Area { get; set; }

    public RiskLevel Level { get; set; }

    public DateOnly From { get; set; }

    public DateOnly? To { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public RiskDesignation ToDesignation() => new(Region, Area, Level, From, To);
}
