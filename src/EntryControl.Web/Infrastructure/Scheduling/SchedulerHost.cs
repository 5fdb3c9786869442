using EntryControl.Web.Data;
using Quartz;

namespace EntryControl.Web.Infrastructure.Scheduling;

/// <summary>
/// Starts the clustered scheduler with the host (after the database initializer) and shuts it down with the host,
/// letting running jobs finish. A database that cannot be reached while the scheduler starts (a restart, a failover)
/// does not stop the host: the portal serves, and the scheduler is started again in the background with back-off
/// until it runs (its jobs only wait; misfired triggers fire once it is up). Any other start-up failure (a broken
/// configuration) still stops the start, as it should. Once running, Quartz itself survives database errors: a job's
/// exception is caught and logged by Quartz, and the clustered store's check-in and misfire loops retry.
/// </summary>
public sealed partial class SchedulerHost : IHostedService, IDisposable
{
    private static readonly TimeSpan[] DefaultBackoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    private readonly ISchedulerFactory _schedulers;
    private readonly StartupState? _startup;
    private readonly ILogger<SchedulerHost> _logger;
    private readonly TimeSpan[] _backoff;
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;
    private IScheduler? _scheduler;
    private int _disposed;

    public SchedulerHost([FromKeyedServices(SchedulingExtensions.SchedulerName)] ISchedulerFactory schedulers, ILogger<SchedulerHost> logger, StartupState startup)
        : this(schedulers, logger, DefaultBackoff, startup)
    {
    }

    internal SchedulerHost(ISchedulerFactory schedulers, ILogger<SchedulerHost> logger, TimeSpan[] backoff, StartupState? startup = null)
    {
        _schedulers = schedulers;
        _startup = startup;
        _logger = logger;
        _backoff = backoff;
    }

    /// <summary>The scheduler has started and is not shut down.</summary>
    public bool Running => Volatile.Read(ref _scheduler) is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The host starts its services concurrently: the jobs need the migrated database.
        if (_startup is not null)
        {
            await _startup.WaitAsync(cancellationToken);
        }

        try
        {
            await StartOnceAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsOutage(e))
        {
            LogStartDeferred(_logger, e.GetBaseException().Message);
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Disposed first (the test host may dispose its services before a second stop): already cancelled.
        }

        await _retrying;
        if (Interlocked.Exchange(ref _scheduler, null) is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        // Getting the scheduler schedules the configured jobs in the store, so it needs the database too.
        var scheduler = await _schedulers.GetScheduler(cancellationToken);
        try
        {
            await scheduler.Start(cancellationToken);
            Volatile.Write(ref _scheduler, scheduler);
        }
        catch
        {
            // A half-started scheduler is dropped, so the next attempt gets a fresh one.
            try
            {
                await scheduler.Shutdown(waitForJobsToComplete: false, CancellationToken.None);
            }
            catch (Exception shutdown) when (DatabaseErrors.IsOutage(shutdown))
            {
                // It never ran; nothing to release in the database.
            }

            throw;
        }
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            var wait = _backoff[Math.Min(attempt - 1, _backoff.Length - 1)];
            try
            {
                await Task.Delay(wait, stopping);
                await StartOnceAsync(stopping);
                LogStarted(_logger, attempt);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseErrors.IsOutage(e))
            {
                LogStillUnreachable(_logger, attempt, e.GetBaseException().Message);
            }
            catch (Exception e)
            {
                // Not an outage, but the host is already serving: keep trying rather than leave it without its jobs.
                LogStartFailed(_logger, e, attempt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler could not start, the database cannot be reached ({Reason}); the portal serves and the scheduler is retried in the background")]
    private static partial void LogStartDeferred(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler start attempt {Attempt}: the database still cannot be reached ({Reason})")]
    private static partial void LogStillUnreachable(ILogger logger, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduler start attempt {Attempt} failed")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The scheduler started after {Attempt} retries")]
    private static partial void LogStarted(ILogger logger, int attempt);
}
