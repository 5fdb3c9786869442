using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>A Serilog sink the test host adds beside the console (the portal reads sinks from its services): what was logged, to assert on.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public void Clear() => _events.Clear();

    public IReadOnlyList<LogEvent> Events => [.. _events];
}
