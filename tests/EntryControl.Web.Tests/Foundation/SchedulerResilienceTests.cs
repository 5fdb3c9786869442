using System.Net.Sockets;
using System.Reflection;
using EntryControl.Web.Infrastructure.Scheduling;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Quartz;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>Issue 14 item 12: a database outage while the scheduler starts does not stop the host.</summary>
public sealed class SchedulerResilienceTests
{
    private static readonly TimeSpan[] Fast = [TimeSpan.FromMilliseconds(50)];

    /// <summary>
    /// A scheduler factory that fails its first <c>failures</c> calls the way one on an unreachable PostgreSQL does, then
    /// hands out a scheduler that records what it is asked (Quartz's interfaces, answered by a <see cref="DispatchProxy"/>).
    /// </summary>
    private sealed class FlakySchedulerFactory(int failures, Exception? failure = null)
    {
        private int _left = failures;

        public int Calls { get; private set; }

        public List<string> SchedulerCalls { get; } = [];

        public ISchedulerFactory Factory => Recording.Create<ISchedulerFactory>(method =>
        {
            if (method.Name != nameof(ISchedulerFactory.GetScheduler))
            {
                return null;
            }

            Calls++;
            if (_left-- > 0)
            {
                throw failure ?? new SchedulerException("Failure occurred during job recovery.",
                    new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)));
            }

            return Recording.Create<IScheduler>(called =>
            {
                lock (SchedulerCalls)
                {
                    SchedulerCalls.Add(called.Name);
                }

                return null;
            });
        });
    }

    private static class Recording
    {
        public static T Create<T>(Func<MethodInfo, object?> handler)
            where T : class
        {
            var proxy = DispatchProxy.Create<T, Recording<T>>();
            ((Recording<T>)(object)proxy).Handler = handler;
            return proxy;
        }
    }

    /// <summary>An interface whose every method returns a completed task of the handler's value (or of the default).</summary>
    public class Recording<T> : DispatchProxy
        where T : class
    {
        public Func<MethodInfo, object?> Handler { get; set; } = _ => null;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var value = Handler(targetMethod!);
            var type = targetMethod!.ReturnType;
            if (type == typeof(Task))
            {
                return Task.CompletedTask;
            }

            if (type == typeof(ValueTask))
            {
                return ValueTask.CompletedTask;
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            {
                var result = type.GetGenericArguments()[0];
                return Activator.CreateInstance(type, value ?? (result.IsValueType ? Activator.CreateInstance(result) : null));
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
            {
                var result = type.GetGenericArguments()[0];
                return typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(result)
                    .Invoke(null, [value ?? (result.IsValueType ? Activator.CreateInstance(result) : null)]);
            }

            return value ?? (type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null);
        }
    }

    [Fact]
    public async Task An_unreachable_database_at_start_lets_the_host_start_and_the_scheduler_follows_when_it_is_back()
    {
        var schedulers = new FlakySchedulerFactory(failures: 3);
        using var host = new SchedulerHost(schedulers.Factory, NullLogger<SchedulerHost>.Instance, Fast);

        await host.StartAsync(TestContext.Current.CancellationToken);
        Assert.False(host.Running);

        await Eventually.HoldsAsync(() => Task.FromResult(host.Running), "the scheduler to start once the database is back");
        Assert.Equal(4, schedulers.Calls);

        Assert.Contains("Start", schedulers.SchedulerCalls);

        await host.StopAsync(TestContext.Current.CancellationToken);
        Assert.False(host.Running);
        Assert.Contains("Shutdown", schedulers.SchedulerCalls);
    }

    [Fact]
    public async Task A_host_stopping_while_the_database_is_still_down_stops_cleanly()
    {
        var schedulers = new FlakySchedulerFactory(failures: int.MaxValue);
        using var host = new SchedulerHost(schedulers.Factory, NullLogger<SchedulerHost>.Instance, Fast);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(host.Running);
        Assert.True(schedulers.Calls > 1);
    }

    [Fact]
    public async Task A_broken_configuration_still_stops_the_start()
    {
        var schedulers = new FlakySchedulerFactory(failures: 1, failure: new SchedulerConfigException("Unknown job store type"));
        using var host = new SchedulerHost(schedulers.Factory, NullLogger<SchedulerHost>.Instance, Fast);

        await Assert.ThrowsAsync<SchedulerConfigException>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }
}
