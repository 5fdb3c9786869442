using EntryControl.Web.Infrastructure.Logging;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Tests.Operations;

public sealed class AsyncLogSinkTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public void The_test_host_writes_its_console_lines_synchronously()
    {
        Assert.False(App.Services.GetRequiredService<IOptions<ConsoleLoggingOptions>>().Value.Async);
    }

    [Fact]
    public void With_the_async_sink_the_lines_queued_when_the_logger_is_disposed_are_written()
    {
        var marker = Guid.NewGuid().ToString("N");
        var original = Console.Out;
        using var captured = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            // The portal's own console set-up, as in Production (the host disposes this logger when it stops).
            using var logger = new Serilog.LoggerConfiguration().WriteToConsole(new ConsoleLoggingOptions { Async = true, Plain = true }).CreateLogger();
            // More lines than the background worker writes before the logger is disposed right after.
            for (var i = 0; i < 20_000; i++)
            {
                logger.Warning("line {Line} {Marker}", i, marker);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains($"line 19999 {marker}", captured.ToString(), StringComparison.Ordinal);
    }
}
