using EntryControl.Rules;
using EntryControl.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.Policies;

/// <summary>The policy catalogue in PostgreSQL: seeded from the shipped files, loaded by every instance.</summary>
public sealed class PolicyStore(EntryControlDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Adds each shipped policy version the catalogue does not hold yet (first start, or a release that ships a new
    /// file), with the status and dates its file gives. Versions already there keep their publication: an admin's
    /// later version may have ended them. Several instances starting together: the unique key lets one of them add it.
    /// </summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var shipped = PolicyCatalog.LoadEmbedded();
        var now = clock.GetUtcNow().ToUniversalTime();
        foreach (var source in PolicyCatalog.EmbeddedSources())
        {
            var (id, version, _) = PolicyDocuments.Peek(source.Json);
            if (id is null || version is not { } v || shipped.Find(id, v) is not { } policy)
            {
                continue;
            }

            var status = nameof(PolicyDocumentStatus.Published);
            if (policy.Superseded)
            {
                status = nameof(PolicyDocumentStatus.Superseded);
            }

            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO policy_documents (id, policy_id, version, json, status, effective_from, effective_to, created_at)
                VALUES ({Guid.CreateVersion7()}, {id}, {v}, {source.Json}, {status}, {policy.EffectiveFrom}, {policy.EffectiveTo}, {now})
                ON CONFLICT (policy_id, version) DO NOTHING
                """, cancellationToken);
        }
    }

    /// <summary>The catalogue of the published and superseded versions; throws <see cref="PolicyLoadException"/> when it does not load.</summary>
    public async Task<PolicyCatalog> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.PolicyDocuments.AsNoTracking()
            .Where(d => d.Status != PolicyDocumentStatus.Draft)
            .ToListAsync(cancellationToken);
        return PolicyCatalog.Load(rows.Select(r => r.ToSource()));
    }
}
