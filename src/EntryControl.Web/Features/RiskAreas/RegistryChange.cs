namespace EntryControl.Web.Features.RiskAreas;

/// <summary>
/// 登记变更 one committed write to the risk-area registry (a designation added, changed, lifted or deleted, or a CSV
/// import), written in the same transaction as the write, or a new version of a policy
/// (<see cref="RegistryChangeKind.PolicyVersion"/>). The designations before and after, or the policy version, tell
/// the re-evaluation which declarations it concerns; its counters say how far the re-decisions have got.
/// </summary>
public sealed class RegistryChange
{
    public Guid Id { get; set; }

    public RegistryChangeKind Kind { get; set; }

    /// <summary>For <see cref="RegistryChangeKind.PolicyVersion"/>: the version published, "bayannur-2022-71@2".</summary>
    public string? PolicyVersion { get; set; }

    /// <summary>The designations the write replaced (StoredJson designations; empty for a create or import).</summary>
    public required string BeforeJson { get; set; }

    /// <summary>The designations the write made (empty for a delete).</summary>
    public required string AfterJson { get; set; }

    public RegistryChangeStatus Status { get; set; }

    public int Candidates { get; set; }

    public int Processed { get; set; }

    public int Changed { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }
}

public enum RegistryChangeKind
{
    Create,
    Update,
    Delete,
    Import,

    /// <summary>A new version of a policy replaced an older one: the declarations decided under the older are decided again.</summary>
    PolicyVersion,
}

public enum RegistryChangeStatus
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>
/// Told after a registry change is committed (the re-evaluation schedules its work). A change whose listener never
/// heard of it (the process stopped in between) stays pending and is picked up by the periodic sweep.
/// </summary>
public interface IRegistryChangeListener
{
    Task ChangeCommittedAsync(Guid changeId, CancellationToken cancellationToken);
}
