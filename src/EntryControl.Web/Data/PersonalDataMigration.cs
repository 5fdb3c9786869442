using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Data;

/// <summary>
/// Encrypts and hashes the document numbers and phones written before encryption (plaintext, no envelope) or rows
/// without their lookup hash. A start-up step (<see cref="DatabaseInitializer"/>) rather than part of the EF migration
/// that added the hash columns: a migration runs SQL and cannot reach the keys, which are kept out of the database.
/// Idempotent and batched: a value already in the envelope (<see cref="PersonalDataProtector.IsProtected"/>) with its
/// hash is not touched, so a restart, or two instances starting together, only repeats work that gives the same result.
/// </summary>
public sealed partial class PersonalDataMigration(EntryControlDbContext db, ILogger<PersonalDataMigration> logger)
{
    public const int BatchSize = 500;

    /// <summary>Answers how many declarations and trace-list rows it encrypted.</summary>
    public async Task<(int Declarations, int TraceItems)> RunAsync(CancellationToken cancellationToken)
    {
        var prefix = PersonalDataProtector.Prefix + "%";
        var declarations = 0;
        var last = Guid.Empty;
        while (true)
        {
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT id AS "Value" FROM declarations
                WHERE id > {last}
                  AND ((id_number_hash IS NULL AND personal_data_erased_at IS NULL) OR id_number NOT LIKE {prefix} OR (phone IS NOT NULL AND phone NOT LIKE {prefix}))
                ORDER BY id LIMIT {BatchSize}
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            var rows = await db.Declarations.Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                // Written again: the converter encrypts the plaintext it read, the save fills the hashes.
                db.Entry(row).Property(d => d.IdNumber).IsModified = true;
                db.Entry(row).Property(d => d.Phone).IsModified = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            declarations += rows.Count;
            last = ids[^1];
        }

        var items = 0;
        last = Guid.Empty;
        while (true)
        {
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT id AS "Value" FROM trace_items
                WHERE id > {last}
                  AND ((id_number_hash IS NULL AND personal_data_erased_at IS NULL) OR id_number NOT LIKE {prefix} OR (phone IS NOT NULL AND phone NOT LIKE {prefix}))
                ORDER BY id LIMIT {BatchSize}
                """).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            var rows = await db.TraceItems.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                db.Entry(row).Property(i => i.IdNumber).IsModified = true;
                db.Entry(row).Property(i => i.Phone).IsModified = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            items += rows.Count;
            last = ids[^1];
        }

        if (declarations + items > 0)
        {
            LogEncrypted(logger, declarations, items);
        }

        return (declarations, items);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data encrypted and hashed: {Declarations} declarations, {TraceItems} trace-list rows")]
    private static partial void LogEncrypted(ILogger logger, int declarations, int traceItems);
}
