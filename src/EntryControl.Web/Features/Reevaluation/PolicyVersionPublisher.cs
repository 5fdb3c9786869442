using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.RiskAreas;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.Reevaluation;

/// <summary>A policy version this database has seen in force (<c>policy_versions</c>).</summary>
public sealed class PublishedPolicyVersion
{
    public required string PolicyId { get; set; }

    public int Version { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>
/// Run at start-up, after the migrations: records each policy's newest published version the first time this database
/// sees it. When declarations were decided under an older version of that policy, the new version is a correction
/// (a reading changed, e.g. Bayannur 一 counted from leaving), so a registry change with cause
/// <c>{ "policyVersion": "bayannur-2022-71@2" }</c> is committed with the record and the re-evaluation decides those
/// declarations again. Several instances starting together: the primary key lets one of them record it.
/// </summary>
public sealed partial class PolicyVersionPublisher(
    EntryControlDbContext db,
    PolicyCatalog catalog,
    IRegistryChangeListener listener,
    TimeProvider clock,
    ILogger<PolicyVersionPublisher> logger)
{
    /// <summary>Publishes what is new; returns the registry changes created (one per corrected policy).</summary>
    public async Task<IReadOnlyList<Guid>> PublishAsync(CancellationToken cancellationToken)
    {
        var created = new List<Guid>();
        foreach (var policy in catalog.Policies.Where(p => !p.Superseded).GroupBy(p => p.Id).Select(g => g.MaxBy(p => p.Version)!))
        {
            if (await PublishAsync(policy, cancellationToken) is { } change)
            {
                created.Add(change);
            }
        }

        foreach (var change in created)
        {
            await listener.ChangeCommittedAsync(change, cancellationToken);
        }

        return created;
    }

    private async Task<Guid?> PublishAsync(Policy policy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO policy_versions (policy_id, version, published_at) VALUES ({policy.Id}, {policy.Version}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (inserted == 0)
        {
            return null;
        }

        Guid? change = null;
        // Only a policy something was decided under needs decisions again (a new database records its versions only).
        if (await db.DecisionRecords.AnyAsync(r => r.PolicyId == policy.Id && r.PolicyVersion < policy.Version, cancellationToken))
        {
            var record = new RegistryChange
            {
                Id = Guid.CreateVersion7(),
                Kind = RegistryChangeKind.PolicyVersion,
                PolicyVersion = VersionName(policy.Id, policy.Version),
                BeforeJson = "[]",
                AfterJson = "[]",
                Status = RegistryChangeStatus.Pending,
                CreatedAt = now,
            };
            db.RegistryChanges.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            change = record.Id;
            LogCorrection(logger, record.PolicyVersion, record.Id);
        }

        await transaction.CommitAsync(cancellationToken);
        return change;
    }

    /// <summary>"bayannur-2022-71@2", as api.md names a policy version.</summary>
    public static string VersionName(string id, int version) => $"{id}@{version}";

    /// <summary>The id and version of a <see cref="VersionName"/>.</summary>
    public static (string Id, int Version) ParseVersionName(string name)
    {
        var at = name.LastIndexOf('@');
        return (name[..at], int.Parse(name[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy version {PolicyVersion} replaces an older one; declarations decided under it are re-decided (registry change {Change})")]
    private static partial void LogCorrection(ILogger logger, string policyVersion, Guid change);
}
