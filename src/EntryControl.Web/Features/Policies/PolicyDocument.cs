namespace EntryControl.Web.Features.Policies;

/// <summary>
/// One version of a policy as the catalogue in PostgreSQL holds it (<c>policy_documents</c>): the policy file as
/// uploaded (or shipped) and, apart from it, its publication: status and the effective dates in force. The catalogue
/// every instance evaluates with is built from the published and superseded rows (<see cref="PolicyStore"/>).
/// </summary>
public sealed class PolicyDocument
{
    public Guid Id { get; set; }

    public required string PolicyId { get; set; }

    public int Version { get; set; }

    /// <summary>The policy file as uploaded (or as shipped in EntryControl.Rules/Policies).</summary>
    public required string Json { get; set; }

    public PolicyDocumentStatus Status { get; set; }

    /// <summary>As published (for a draft: as the file says).</summary>
    public DateOnly EffectiveFrom { get; set; }

    /// <summary>As published: the day before the next version took effect, or null while it is the newest.</summary>
    public DateOnly? EffectiveTo { get; set; }

    /// <summary>Null for a shipped version.</summary>
    public Guid? CreatedBy { get; set; }

    public string? CreatedByEmail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? PublishedBy { get; set; }

    public string? PublishedByEmail { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>The file as the catalogue loads it: the text with this row's publication written in.</summary>
    public EntryControl.Rules.PolicySource ToSource() => new(
        $"{PolicyId}.v{Version}",
        EntryControl.Rules.PolicyDocuments.WithPublication(Json, Status == PolicyDocumentStatus.Superseded, EffectiveFrom, EffectiveTo));
}

public enum PolicyDocumentStatus
{
    /// <summary>Uploaded and checked, not in force: another admin than the author may publish it.</summary>
    Draft,

    Published,

    /// <summary>Replaced whole by a later version from its first day on: kept for the decisions made under it.</summary>
    Superseded,
}
