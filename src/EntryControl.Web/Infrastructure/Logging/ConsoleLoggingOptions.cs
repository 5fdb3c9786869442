namespace EntryControl.Web.Infrastructure.Logging;

/// <summary>The <c>Logging:Console</c> settings the portal reads (Serilog's own are under <c>Serilog</c>).</summary>
public sealed class ConsoleLoggingOptions
{
    public const string Section = "Logging:Console";

    /// <summary>Readable console lines instead of compact JSON. Default: true in Development.</summary>
    public bool Plain { get; set; }

    /// <summary>
    /// Console lines are written by a background worker (Serilog.Sinks.Async), so a slow console never holds a request
    /// up; the queue is flushed when the host stops. Default: true in Production, false elsewhere.
    /// </summary>
    public bool Async { get; set; }
}
