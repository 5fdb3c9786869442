using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EntryControl.Web.Data;

/// <summary>
/// Transactions that join the one already open on the context. A request made with an <c>Idempotency-Key</c> runs in a
/// transaction of its own (the effect and the key's completion commit together); a service that needs a transaction
/// joins it with a savepoint instead of failing to open a second one, so its own rollback still undoes only its work.
/// </summary>
public static class Transactions
{
    public static async Task<IDbContextTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (database.CurrentTransaction is not { } ambient)
        {
            return await database.BeginTransactionAsync(cancellationToken);
        }

        var savepoint = "joined_" + Guid.NewGuid().ToString("N");
        await ambient.CreateSavepointAsync(savepoint, cancellationToken);
        return new JoinedTransaction(ambient, savepoint);
    }

    /// <summary>A savepoint of the ambient transaction: committing releases it (the ambient commits), disposing without a commit rolls back to it.</summary>
    private sealed class JoinedTransaction(IDbContextTransaction ambient, string savepoint) : IDbContextTransaction
    {
        private bool _ended;

        public Guid TransactionId => ambient.TransactionId;

        public void Commit()
        {
            EnsureAlive();
            ambient.ReleaseSavepoint(savepoint);
            _ended = true;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            EnsureAlive();
            await ambient.ReleaseSavepointAsync(savepoint, cancellationToken);
            _ended = true;
        }

        /// <summary>
        /// A broken connection completes the ambient transaction: Npgsql then refuses any command on it with an
        /// InvalidOperationException, which would reach the client as a 500. Said as what it is, an outage (503).
        /// </summary>
        private void EnsureAlive()
        {
            if (ambient.GetDbTransaction().Connection is null)
            {
                throw new NpgsqlException("The database connection was lost; the transaction is gone.", new IOException("The connection is broken."));
            }
        }

        public void Rollback()
        {
            ambient.RollbackToSavepoint(savepoint);
            _ended = true;
        }

        public async Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            await ambient.RollbackToSavepointAsync(savepoint, cancellationToken);
            _ended = true;
        }

        public void Dispose()
        {
            if (!_ended)
            {
                try
                {
                    Rollback();
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // The connection is gone (Npgsql: "Transaction is already completed"): the ambient transaction is lost
                    // anyway, and the original error (an outage, answered 503) is the one to report. The crash run found
                    // this rollback's own failure reaching the client as a 500.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_ended)
            {
                try
                {
                    await RollbackAsync();
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    // As in Dispose.
                }
            }
        }
    }
}
