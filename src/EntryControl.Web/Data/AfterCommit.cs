using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace EntryControl.Web.Data;

/// <summary>
/// Work to do once a unit of work is committed, and never if it is rolled back (the portal's counters: a rolled-back
/// scan is not a scan). A service's own transaction is over once it committed, so the work runs at once; a service that
/// joined the request's transaction (<see cref="Transactions.BeginOrJoinTransactionAsync"/>, an <c>Idempotency-Key</c>)
/// has only released a savepoint, so the work waits for that transaction's commit.
/// </summary>
public static class AfterCommit
{
    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> Pending = [];

    /// <summary>Runs <paramref name="action"/> now when no transaction is open on the context, else when it commits.</summary>
    public static void OnCommitted(this DatabaseFacade database, Action action)
    {
        if (database.CurrentTransaction?.GetDbTransaction() is not { } transaction)
        {
            action();
            return;
        }

        var actions = Pending.GetOrCreateValue(transaction);
        lock (actions)
        {
            actions.Add(action);
        }
    }

    private static void Committed(DbTransaction transaction)
    {
        if (!Pending.TryGetValue(transaction, out var actions))
        {
            return;
        }

        Pending.Remove(transaction);
        lock (actions)
        {
            foreach (var action in actions)
            {
                action();
            }
        }
    }

    private static void Dropped(DbTransaction transaction) => Pending.Remove(transaction);

    /// <summary>Registered on the context: runs or drops the waiting work when the transaction ends.</summary>
    public sealed class Interceptor : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Committed(transaction);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Dropped(transaction);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Dropped(transaction);
            return Task.CompletedTask;
        }

        public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Dropped(transaction);

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Dropped(transaction);
            return Task.CompletedTask;
        }
    }
}
