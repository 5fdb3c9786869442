using Microsoft.AspNetCore.Hosting;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>For variants of the portal that must refuse to start.</summary>
public static class HostStart
{
    /// <summary>
    /// Starts a variant of <paramref name="app"/> as <paramref name="configure"/> changes it, asserts that the start fails
    /// and returns the messages of the failure and its causes.
    /// </summary>
    public static async Task<string> FailureOfAsync(EntryControlApp app, Action<IWebHostBuilder> configure)
    {
        await using var variant = app.WithWebHostBuilder(builder =>
        {
            configure(builder);
            // The failure is the expected outcome: keep the host's error log with its stack trace out of the test output.
            builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Extensions.Hosting", "Fatal");
        });
        var failure = Assert.ThrowsAny<Exception>(() => variant.CreateClient());
        return string.Join(" | ", Messages(failure));
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        yield return exception.Message;
        var causes = exception is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception?>)[exception.InnerException];
        foreach (var cause in causes.OfType<Exception>().SelectMany(Messages))
        {
            yield return cause;
        }
    }
}
