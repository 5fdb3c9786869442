using EntryControl.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Checkpoint;

/// <summary>Camera scanning on a browser without the BarcodeDetector API (desktop Chromium on Linux has none).</summary>
public sealed class CameraScanTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Polyfill = "/lib/barcode-detector/dist/iife/polyfill.js";
    private const string Wasm = "/lib/barcode-detector/zxing-wasm/dist/reader/zxing_reader.wasm";

    [Fact]
    public async Task The_console_loads_the_vendored_polyfill_from_the_portal_and_it_reads_a_declaration_QR_code()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);

        await Page.GotoAsync("/checkpoint");
        await Expect(Page.GetByTestId("camera")).ToBeVisibleAsync();
        var wasm = Page.WaitForResponseAsync(response => response.Url.EndsWith(".wasm", StringComparison.Ordinal));
        // The QR code exactly as the traveler's confirmation page shows it, drawn on a canvas and read by the polyfill.
        var read = await Page.EvaluateAsync<string[]>(
            """
            async code => {
              const svg = await (await fetch(`/api/v1/declarations/${code}/qr.svg`)).text();
              const image = new Image();
              image.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
              await image.decode();
              const canvas = document.createElement("canvas");
              canvas.width = image.naturalWidth;
              canvas.height = image.naturalHeight;
              const context = canvas.getContext("2d");
              context.fillStyle = "#fff";
              context.fillRect(0, 0, canvas.width, canvas.height);
              context.drawImage(image, 0, 0);
              const codes = await new BarcodeDetector({ formats: ["qr_code"] }).detect(canvas);
              return codes.map(c => c.rawValue);
            }
            """,
            code);

        Assert.Equal([code], read);
        Assert.True(await Page.EvaluateAsync<bool>("() => typeof window.BarcodeDetectionAPI === 'object'"), "the polyfill, not a native detector, read the code");
        var served = await wasm;
        Assert.Equal(200, served.Status);
        Assert.Equal(new Uri(Fixture.BaseAddress, Wasm), new Uri(served.Url));
        Assert.Equal("application/wasm", await served.HeaderValueAsync("content-type"));
        Assert.Contains($"GET {Polyfill}", Requests);
        Assert.Contains($"GET {Wasm}", Requests);
        // No request left the portal (BrowserTest fails the test otherwise); the log says what was fetched.
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', Requests));
    }

    [Fact]
    public async Task A_browser_with_its_own_BarcodeDetector_does_not_load_the_polyfill()
    {
        await App.CheckpointWithOfficerAsync();
        // As on Android or ChromeOS tablets, whose Chromium has the API. Before signing in: an officer lands on the
        // console right after it.
        await Page.AddInitScriptAsync("window.BarcodeDetector = class { async detect() { return []; } };");
        await SignInAsNewStaffAsync("checkpointOfficer", checkpoint: Arrange.Checkpoint);

        await Page.GotoAsync("/checkpoint");

        await Expect(Page.GetByTestId("camera")).ToBeVisibleAsync();
        Assert.DoesNotContain(Requests, r => r.Contains("/lib/barcode-detector/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Holding_the_travelers_QR_code_to_the_tablet_camera_opens_the_decision()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        App.Clock.Set(Arrange.ScanTime);
        FakeCamera.Write(Fixture.FakeCameraFile, FakeCamera.Qr(code));
        await Context.GrantPermissionsAsync(["camera"]);
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
        await Page.GotoAsync("/checkpoint");

        // No temperature yet: the code is read in and the temperature asked for, nothing is sent.
        await Page.GetByTestId("camera").ClickAsync();
        await Expect(Page.Locator("#Code")).ToHaveValueAsync(code);
        await Expect(Page.Locator("#Temperature")).ToBeFocusedAsync();
        await Expect(Page.GetByTestId("action")).ToHaveCountAsync(0);

        await Page.Locator("#Temperature").FillAsync("36.4");
        await Page.GetByTestId("camera").ClickAsync();

        await Expect(Page.GetByTestId("action")).ToBeVisibleAsync();
        await Expect(Page.Locator("#Code")).ToHaveValueAsync(code);
        await Expect(Page.GetByTestId("action")).ToHaveAttributeAsync("data-recommended", "landingTestTaken");
    }
}
