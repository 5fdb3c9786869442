using System.Collections.Concurrent;
using EntryControl.Web.Data;
using Npgsql;

namespace EntryControl.Web.Infrastructure.Caching;

/// <summary>
/// Tells every instance of the portal at once that something it caches changed, through PostgreSQL
/// <c>LISTEN</c>/<c>NOTIFY</c> on the channel <see cref="Channel"/>. A cache subscribes to a topic with what to forget
/// when another instance announces a change, and what to forget after the listening connection was lost (announcements
/// sent meanwhile are gone). The writing instance forgets its own copy itself before it announces; it ignores its own
/// announcements. Caches keep their periodic refresh as the safety net for an announcement that could not be sent.
/// </summary>
public sealed partial class CacheInvalidation(IConfiguration configuration, ILogger<CacheInvalidation> logger) : BackgroundService
{
    public const string Channel = "entrycontrol_cache";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly string _connectionString = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!;
    private volatile bool _listening;

    /// <summary>Whether this instance currently hears the others (for tests and the logs).</summary>
    public bool Listening => _listening;

    /// <param name="topic">What changed, e.g. <c>registry</c>.</param>
    /// <param name="changed">Called with the announcement's argument (e.g. a user id) when another instance changed it.</param>
    /// <param name="missed">Called when announcements may have been missed: forget everything of the topic.</param>
    public void Subscribe(string topic, Action<string> changed, Action missed) =>
        _subscriptions[topic] = new Subscription(changed, missed);

    /// <summary>
    /// Announces a committed change to the other instances. Never throws: when PostgreSQL cannot be reached the others
    /// learn of it by their caches' own expiry, as before.
    /// </summary>
    public async Task AnnounceAsync(string topic, string argument = "", CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("payload", $"{_instance}|{topic}|{argument}");
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogAnnounceFailed(logger, e, topic);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Not from the pool: a pooled connection is reset (UNLISTEN) when returned, and this one is never returned.
                var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false, KeepAlive = 15 };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, e) => Dispatch(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was announced before this connection listened is unknown.
                ForgetEverything();
                _listening = true;
                delay = TimeSpan.FromMilliseconds(500);
                LogListening(logger, Channel);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                if (_listening)
                {
                    LogListenerLost(logger, e);
                }

                _listening = false;
                ForgetEverything();
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }

        _listening = false;
    }

    private void Dispatch(string payload)
    {
        var parts = payload.Split('|', 3);
        if (parts.Length != 3 || parts[0] == _instance || !_subscriptions.TryGetValue(parts[1], out var subscription))
        {
            return;
        }

        subscription.Changed(parts[2]);
    }

    private void ForgetEverything()
    {
        foreach (var subscription in _subscriptions.Values)
        {
            subscription.Missed();
        }
    }

    private sealed record Subscription(Action<string> Changed, Action Missed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for cache changes of the other instances on {Channel}")]
    private static partial void LogListening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that hears the other instances' cache changes; caches are dropped and it reconnects")]
    private static partial void LogListenerLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce a change of {Topic} to the other instances; they see it when their cache expires")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string topic);
}

public static class CachingServiceCollectionExtensions
{
    /// <summary>The cross-instance cache invalidation (<see cref="CacheInvalidation"/>), listening in the background.</summary>
    public static IServiceCollection AddEntryControlCacheInvalidation(this IServiceCollection services)
    {
        services.AddSingleton<CacheInvalidation>();
        services.AddHostedService(provider => provider.GetRequiredService<CacheInvalidation>());
        return services;
    }
}
