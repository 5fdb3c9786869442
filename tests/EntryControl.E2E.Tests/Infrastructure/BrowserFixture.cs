using System.Net;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EntryControl.E2E.Tests.Infrastructure;

/// <summary>
/// One portal on real Kestrel (127.0.0.1, a free port) over the same throwaway PostgreSQL as the web tests, and one
/// headless Chromium for the whole collection; each test gets its own browser context (<see cref="BrowserTest"/>).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; <c>ENTRYCONTROL_CHROMIUM</c> points elsewhere on machines without it.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public EntryControlApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal's address, e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// The fake camera's video: a Y4M file Chromium plays as the tablet camera. Tests write a frame into it before
    /// they open the camera (Chromium reads it when capture starts).
    /// </summary>
    public string FakeCameraFile { get; } = Path.Combine(Path.GetTempPath(), $"entrycontrol-camera-{Guid.NewGuid():N}.y4m");

    public async ValueTask InitializeAsync()
    {
        // Checked first: without a browser there is nothing to run, and the message says what to install.
        var chromium = ChromiumPath();
        FakeCamera.Write(FakeCameraFile, FakeCamera.Blank());
        if (Environment.GetEnvironmentVariable("ENTRYCONTROL_SCREENSHOTS") is null or "" && Directory.Exists(BrowserTest.ScreenshotFolder))
        {
            // This run's screenshots only (a folder given in ENTRYCONTROL_SCREENSHOTS is left alone).
            Directory.Delete(BrowserTest.ScreenshotFolder, recursive: true);
        }

        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await App.InitializeAsync();
        BaseAddress = App.ClientOptions.BaseAddress;

        // Expectations wait as long as actions do (BrowserTest's context timeout): CI shares two cores with the web tests.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", $"--use-file-for-fake-video-capture={FakeCameraFile}",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        File.Delete(FakeCameraFile);
    }

    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("ENTRYCONTROL_CHROMIUM") is { Length: > 0 } given ? given : DefaultChromium;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The browser tests need Chromium at {path} and it is missing. Install it (Debian/Ubuntu: " +
                "'apt-get install -y chromium fonts-noto-cjk'; .ci/run does this) or set ENTRYCONTROL_CHROMIUM to a Chromium " +
                "or Chrome executable. The tests never download a browser.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
