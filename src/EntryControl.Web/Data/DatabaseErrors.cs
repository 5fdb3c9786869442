using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EntryControl.Web.Data;

/// <summary>What PostgreSQL refused a save for, where that is an answer for the user rather than a fault.</summary>
public static class DatabaseErrors
{
    /// <summary>A delete refused because rows of <paramref name="referencingTable"/> still point at the row.</summary>
    public static bool IsStillReferencedBy(this DbUpdateException exception, out string referencingTable)
    {
        referencingTable = exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation, TableName: { } table } ? table : string.Empty;
        return referencingTable.Length > 0;
    }

    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
