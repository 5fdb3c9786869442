using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// Database failures injected into the portal's EF Core context (the test host only), inert until a test arms one:
/// a connection that cannot be opened (the database is down), a command that fails and takes its context's connection
/// with it (a crash in the middle of a request), a commit that goes through but whose answer is lost. Every test is
/// reset (<see cref="Disarm"/>) before it runs.
/// </summary>
public sealed class DbFaults : DbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _gate = new();
    private int _failedOpens;
    private Func<string, Exception>? _commandFault;
    private string? _commandTrigger;
    private readonly HashSet<DbContextId> _broken = [];
    private string? _commitTrigger;
    private readonly HashSet<DbContextId> _commitArmed = [];

    /// <summary>The exception Npgsql raises when the server is gone (a broken socket): transient.</summary>
    public static NpgsqlException ConnectionLost() => new("Exception while reading from stream (injected)", new IOException("Connection reset (injected)", new SocketException((int)SocketError.ConnectionReset)));

    /// <summary>The next <paramref name="count"/> connection opens fail as when PostgreSQL is not running.</summary>
    public void FailOpens(int count)
    {
        lock (_gate)
        {
            _failedOpens = count;
        }
    }

    /// <summary>
    /// The first command whose SQL contains <paramref name="trigger"/> fails with <paramref name="fault"/> instead of
    /// running, and so does every later command of the same context (its connection is gone).
    /// </summary>
    public void FailCommandsFrom(string trigger, Func<string, Exception>? fault = null)
    {
        lock (_gate)
        {
            _commandTrigger = trigger;
            _commandFault = fault ?? (_ => ConnectionLost());
        }
    }

    /// <summary>The first commit of a context that ran a command containing <paramref name="trigger"/> is made, then reported lost.</summary>
    public void LoseCommitAfter(string trigger)
    {
        lock (_gate)
        {
            _commitTrigger = trigger;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _failedOpens = 0;
            _commandTrigger = null;
            _commandFault = null;
            _broken.Clear();
            _commitTrigger = null;
            _commitArmed.Clear();
        }
    }

    private void BeforeCommand(DbCommand command, CommandEventData eventData)
    {
        lock (_gate)
        {
            // The context's id names its lease: a pooled context handed to the next request is another one.
            if (eventData.Context is not { ContextId: var context })
            {
                return;
            }

            if (_commitTrigger is not null && command.CommandText.Contains(_commitTrigger, StringComparison.Ordinal))
            {
                _commitArmed.Add(context);
                _commitTrigger = null;
            }

            if (_commandTrigger is not null && command.CommandText.Contains(_commandTrigger, StringComparison.Ordinal))
            {
                _broken.Add(context);
                _commandTrigger = null;
            }

            if (_broken.Contains(context))
            {
                throw _commandFault!(command.CommandText);
            }
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        BeforeCommand(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        BeforeCommand(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        BeforeCommand(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeCommand(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        BeforeCommand(command, eventData);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_failedOpens > 0)
            {
                _failedOpens--;
                throw new NpgsqlException("Failed to connect to 127.0.0.1 (injected)", new SocketException((int)SocketError.ConnectionRefused));
            }
        }

        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        lock (_gate)
        {
            if (_failedOpens > 0)
            {
                _failedOpens--;
                throw new NpgsqlException("Failed to connect to 127.0.0.1 (injected)", new SocketException((int)SocketError.ConnectionRefused));
            }
        }

        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (eventData.Context is { ContextId: var context } && _commitArmed.Remove(context))
            {
                // The commit went through; the connection died before its answer reached the portal.
                throw ConnectionLost();
            }
        }

        return Task.CompletedTask;
    }
}
