using EntryControl.Web.Infrastructure.Logging;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
    public async Task With_the_async_sink_the_lines_logged_just_before_the_host_stops_are_written_when_it_stops()
    {
        var marker = Guid.NewGuid().ToString("N");
        var original = Console.Out;
        using var captured = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            var portal = App.WithWebHostBuilder(builder => builder.UseSetting("Logging:Console:Async", "true"));
            Assert.True(portal.Services.GetRequiredService<IOptions<ConsoleLoggingOptions>>().Value.Async);
            var logger = portal.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AsyncLogSinkTests");
            // More lines than the background worker writes before the host is stopped right after.
            for (var i = 0; i < 5000; i++)
            {
#pragma warning disable CA1848, CA2254 // a test's throwaway lines
                logger.LogWarning($"line {i} {marker}");
#pragma warning restore CA1848, CA2254
            }

            await portal.DisposeAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains($"line 4999 {marker}", captured.ToString(), StringComparison.Ordinal);
    }
}
