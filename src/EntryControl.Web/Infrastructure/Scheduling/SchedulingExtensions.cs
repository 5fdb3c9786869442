using EntryControl.Web.Data;
using Quartz;

namespace EntryControl.Web.Infrastructure.Scheduling;

public static class SchedulingExtensions
{
    /// <summary>
    /// Quartz.NET with its clustered ADO job store in the portal's PostgreSQL (tables <c>qrtz_*</c>, created by the
    /// EF migrations): jobs survive a restart, each trigger fires on one instance of the cluster, and the jobs of an
    /// instance that dies are recovered by another. Features add their jobs with <c>Configure&lt;QuartzOptions&gt;</c>.
    /// <see cref="SchedulerHost"/> starts it after the database initializer (migrations), retrying in the background while
    /// the database cannot be reached, and lets running jobs finish on shutdown.
    /// A named scheduler: only a named one takes the clock given to it with <c>UseTimeProvider</c> over the
    /// container's <see cref="TimeProvider"/> (which the tests replace with a clock that stands still). Its parts are
    /// keyed services: <c>[FromKeyedServices(SchedulerName)] ISchedulerFactory</c>.
    /// </summary>
    public const string SchedulerName = "EntryControl";

    public static WebApplicationBuilder AddEntryControlScheduler(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
        builder.Services.AddQuartz(SchedulerName, quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                // Idle, the scheduler looks for triggers another instance added every 5 s (not Quartz's default 30 s).
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(5);
            });
            quartz.UseDefaultThreadPool(2);
            // The scheduler runs on real time, whatever TimeProvider the application's services are given (the tests
            // give them a clock that stands still).
            quartz.UseTimeProvider(TimeProvider.System);
            quartz.UsePersistentStore(store =>
            {
                // Job data as readable strings; the qrtz_* tables are Quartz's own, created by it when missing.
                store.ConfigureStore(options => options.StoreJobDataAsStrings = true);
                store.ProvisionSchema();
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = TimeSpan.FromSeconds(10);
                    cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
            });
        });
        builder.Services.AddSingleton<SchedulerHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SchedulerHost>());
        return builder;
    }
}
