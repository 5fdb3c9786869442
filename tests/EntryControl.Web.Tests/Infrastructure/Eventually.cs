using System.Diagnostics;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// Waits for what another thread does (a background pass, a request reaching a lock) by looking again and again,
/// rather than sleeping for a guessed time.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                Assert.Fail($"Waited {Timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
