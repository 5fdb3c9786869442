using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure.Scheduling;
using Quartz;

namespace EntryControl.Web.Features.Reevaluation;

/// <summary>
/// Re-decides the declarations of one registry change. One job per change (key <c>change-{id}</c>), stored in the
/// clustered job store: it runs on one instance of the cluster, and if that instance dies mid-change another one
/// recovers it (<c>RequestRecovery</c>); work already committed is not done again.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class ReevaluateChangeJob(ReevaluationService service, ILogger<ReevaluateChangeJob> logger) : IJob
{
    public const string Group = "reevaluation";
    public const string ChangeId = "changeId";

    public static JobKey KeyOf(Guid change) => new($"change-{change}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var change = Guid.Parse(context.MergedJobDataMap.GetString(ChangeId)!);
        try
        {
            await service.ProcessAsync(change, cancellationToken);
            LogDone(change);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Left pending or running: the sweep schedules it again; the host goes on.
            LogFailed(e, change);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry change {Change} re-evaluated")]
    private partial void LogDone(Guid change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-evaluation of registry change {Change} failed; it will be retried")]
    private partial void LogFailed(Exception exception, Guid change);
}

/// <summary>
/// Every half minute: schedules the work of registry changes that are not finished and have no job (the instance
/// that committed one stopped before scheduling it, or its job failed).
/// </summary>
[DisallowConcurrentExecution]
public sealed class UnfinishedChangesJob(ReevaluationService service, RegistryChangeScheduler scheduler) : IJob
{
    public static readonly JobKey Key = new("unfinished-registry-changes", ReevaluateChangeJob.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        foreach (var change in await service.UnfinishedAsync(cancellationToken))
        {
            await scheduler.ScheduleAsync(change, cancellationToken);
        }
    }
}

/// <summary>Schedules a registry change's re-decisions as soon as the write is committed.</summary>
public sealed class RegistryChangeScheduler([FromKeyedServices(SchedulingExtensions.SchedulerName)] ISchedulerFactory schedulers) : IRegistryChangeListener
{
    public Task ChangeCommittedAsync(Guid changeId, CancellationToken cancellationToken) => ScheduleAsync(changeId, cancellationToken);

    public async Task ScheduleAsync(Guid changeId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<ReevaluateChangeJob>()
            .WithIdentity(ReevaluateChangeJob.KeyOf(changeId))
            .UsingJobData(ReevaluateChangeJob.ChangeId, changeId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Already scheduled or running (by this instance or another): nothing to add.
        }
    }
}
