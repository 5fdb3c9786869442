using Npgsql;

namespace EntryControl.Web.Infrastructure.Http;

/// <summary>
/// Requests that failed because the database could not be reached: logged once per <see cref="Quiet"/> with how many
/// were suppressed (an outage under load is thousands of identical errors), and each one drops Npgsql's idle pooled
/// connections, which after a database restart are all dead and would fail one request each.
/// </summary>
public sealed partial class DatabaseOutages(TimeProvider clock, ILogger<DatabaseOutages> logger)
{
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private int _suppressed;

    public void Report(Exception exception, string? path)
    {
        NpgsqlConnection.ClearAllPools();
        int suppressed;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _lastLogged < Quiet)
            {
                _suppressed++;
                return;
            }

            _lastLogged = now;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        LogOutage(logger, exception, path, suppressed);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database cannot be reached ({Path}); answered 503. {Suppressed} more such failures since the last report")]
    private static partial void LogOutage(ILogger logger, Exception exception, string? path, int suppressed);
}
