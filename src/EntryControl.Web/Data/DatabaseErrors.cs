using System.Net.Sockets;
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

    /// <summary>
    /// Two writers met: a row changed since it was read (a concurrency token), a unique key taken meanwhile, or
    /// PostgreSQL's own serialization or deadlock detection. The request may be made again; the answer is 409.
    /// </summary>
    public static bool IsWriteConflict(Exception exception) =>
        Chain(exception).Any(e => e is DbUpdateConcurrencyException
            || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected });

    /// <summary>
    /// The database cannot be reached or is restarting (a crash, a failover, a network cut): not the request's fault
    /// and not a bug; the answer is 503 with <c>Retry-After</c>.
    /// </summary>
    public static bool IsOutage(Exception exception) =>
        Chain(exception).Any(e => e switch
        {
            PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
            NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
            SocketException => true,
            _ => false,
        });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
