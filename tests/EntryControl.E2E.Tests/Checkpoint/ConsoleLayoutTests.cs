using EntryControl.E2E.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Checkpoint;

/// <summary>
/// Every panel the console shows, on a tablet in landscape (1024×768): the page never scrolls sideways, the action
/// and its buttons are on the first screen, touch targets are large. Each test leaves a screenshot to look at.
/// </summary>
public sealed class ConsoleLayoutTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>Smallest height of a button or field an officer taps, in CSS pixels (gloves, sunlight).</summary>
    private const int TouchTarget = 44;

    /// <summary>What must be on the first screen, without scrolling, when the screenshot is taken.</summary>
    private readonly List<ILocator> _firstScreen = [];

    private async Task SignInAsync()
    {
        App.Clock.Set(Arrange.ScanTime);
        await Page.Clock.SetFixedTimeAsync(Arrange.ScanTime.UtcDateTime);
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
    }

    private async Task ScanAsync(string code, string? temperature = "36.5")
    {
        await Page.GotoAsync("/checkpoint");
        await Page.Locator("#Code").FillAsync(code);
        if (temperature is not null)
        {
            await Page.Locator("#Temperature").FillAsync(temperature);
        }

        await Page.GetByTestId("scan").ClickAsync();
    }

    private async Task AssertActionAsync(string recommended)
    {
        await Expect(Page.GetByTestId("action")).ToHaveAttributeAsync("data-recommended", recommended);
        _firstScreen.Add(Page.GetByTestId("recommended"));
        _firstScreen.Add(Page.GetByTestId($"outcome-{recommended}"));
    }

    /// <summary>No sideways scrolling, nothing wider than the screen, and every visible control tall enough to tap.</summary>
    private async Task AssertTabletLayoutAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The page scrolls sideways by {overflow}px at {TabletWidth}px.");
        var small = await Page.EvaluateAsync<string[]>(
            """
            min => [...document.querySelectorAll("main button, main a.btn, main input, main select")]
              .filter(e => e.offsetParent !== null && e.type !== "hidden" && e.type !== "checkbox" && e.type !== "radio")
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([, r]) => r.height < min || r.right > document.documentElement.clientWidth)
              .map(([e, r]) => `${e.dataset.testid || e.id || e.name || e.textContent.trim()}: ${Math.round(r.width)}×${Math.round(r.height)} at x ${Math.round(r.left)}`)
            """,
            TouchTarget);
        Assert.True(small.Length == 0, "Too small or cut off:\n" + string.Join('\n', small));
        // A label squeezed into a sliver shows as a tall column of single characters.
        var squeezed = await Page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll("main label")]
              .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 4 * parseFloat(getComputedStyle(e).lineHeight || "24"))
              .map(e => `${e.htmlFor || e.textContent.trim().slice(0, 20)}: ${Math.round(e.getBoundingClientRect().width)}×${Math.round(e.getBoundingClientRect().height)}`)
            """);
        Assert.True(squeezed.Length == 0, "Labels squeezed:\n" + string.Join('\n', squeezed));
    }

    /// <summary>Screenshots first (to look at, also when the layout checks fail), then the layout checks.</summary>
    private async Task ShotAsync(string name)
    {
        await ScreenshotAsync(name);
        await ScreenshotAsync(name + ".full", fullPage: true);
        await AssertTabletLayoutAsync();
        foreach (var locator in _firstScreen)
        {
            await Expect(locator).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 1, Timeout = 1000 });
        }
    }

    [Fact]
    public async Task Release_free_movement()
    {
        await App.CheckpointWithOfficerAsync();
        // From elsewhere in Bayannur (Wuyuan county): no measure beyond the check.
        var code = await App.DeclareAsync(Arrange.Traveler(stayRegion: "150821"));
        await SignInAsync();

        await ScanAsync(code);

        await AssertActionAsync("released");
        await ShotAsync("01-release");
    }

    [Fact]
    public async Task Landing_test_with_a_tube_number()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await SignInAsync();

        await ScanAsync(code);

        await AssertActionAsync("landingTestTaken");
        await Page.Locator("#tubeNumber").FillAsync("T-20221120-0001");
        _firstScreen.Add(Page.Locator("#tubeNumber"));
        await ShotAsync("02-landing-test");
    }

    [Fact]
    public async Task Landing_test_in_English()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await SignInAsync();
        await Page.GotoAsync("/culture/en?returnUrl=/checkpoint");

        await ScanAsync(code);

        await AssertActionAsync("landingTestTaken");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await ShotAsync("03-landing-test.en");
    }

    [Fact]
    public async Task Transfer_to_centralized_quarantine()
    {
        await App.CheckpointWithOfficerAsync();
        await App.RiskAreaAsync("610113", "电子城街道", "high", "2022-11-10");
        var code = await App.DeclareAsync(Arrange.Traveler(areas: ["电子城街道"], homeIsolationFeasible: false));
        await SignInAsync();

        await ScanAsync(code);

        await AssertActionAsync("transferredToQuarantine");
        await ShotAsync("04-centralized-quarantine");
    }

    [Fact]
    public async Task Referral_to_the_fever_clinic()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await SignInAsync();

        await ScanAsync(code, temperature: "37.6");

        await AssertActionAsync("referredToClinic");
        await ShotAsync("05-fever-clinic");
    }

    [Fact]
    public async Task Refused_freight_not_registered_ahead()
    {
        await App.CheckpointWithOfficerAsync();
        // Registered on the spot by the officer: not pre-registered, so clause 九 refuses the truck.
        var officer = await App.ClientForAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
        var code = await App.DeclareAsync(Arrange.FreightDriver(), officer);
        await SignInAsync();

        await ScanAsync(code);

        await AssertActionAsync("refused");
        await Expect(Page.GetByTestId("vehicle")).ToContainTextAsync("蒙B12345");
        await Expect(Page.GetByTestId("refused-reason")).ToContainTextAsync("接收证明");
        await Page.Locator("#sealNumber").FillAsync("FT-0042");
        _firstScreen.Add(Page.Locator("#sealNumber"));
        await ShotAsync("06-refused-freight");
    }

    [Fact]
    public async Task Transit_driver_with_a_receipt_enters_then_the_exit_switch_records_the_exit()
    {
        await App.CheckpointWithOfficerAsync();
        // Declared the day before (late), passing through with the consignee's receipt certificate: admitted, sealed.
        App.Clock.Set(new DateTimeOffset(2022, 11, 19, 12, 0, 0, TimeSpan.FromHours(8)));
        var code = await App.DeclareAsync(new
        {
            traveler = new { name = "赵六", idType = "residentId", idNumber = Arrange.ResidentId, phone = "13900000000" },
            checkpoint = Arrange.Checkpoint,
            trip = new
            {
                arrivalAt = "2022-11-20T10:00:00+08:00",
                stays = new[] { new { region = "150202", from = "2022-11-19", to = "2022-11-20" } },
                nucleicAcidTest = new { sampledAt = "2022-11-19T20:00:00+08:00", result = "negative" },
                travelerType = "freightDriver",
                transit = true,
            },
            vehicle = new { plate = "蒙B12345", company = "包头物流", receipt = new { company = "临河区粮油公司", number = "JS-2022-1119" } },
            attestation = true,
        });
        await SignInAsync();

        await ScanAsync(code);

        await AssertActionAsync("released");
        await Expect(Page.GetByTestId("receipt")).ToContainTextAsync("JS-2022-1119");
        await Expect(Page.GetByTestId("transit")).ToBeVisibleAsync();
        _firstScreen.Add(Page.GetByTestId("receipt"));
        await ShotAsync("07-transit-receipt");

        _firstScreen.Clear();
        await Page.GetByTestId("direction-exit").ClickAsync();
        await Page.Locator("#Code").FillAsync(code);
        await Page.GetByTestId("scan").ClickAsync();

        await Expect(Page.GetByTestId("exit-recorded")).ToBeVisibleAsync();
        await Expect(Page.Locator("#direction-exit")).ToBeCheckedAsync();
        _firstScreen.Add(Page.GetByTestId("exit-recorded"));
        _firstScreen.Add(Page.GetByTestId("direction"));
        await ShotAsync("08-transit-exit");
    }

    [Fact]
    public async Task Late_registration_is_flagged()
    {
        await App.CheckpointWithOfficerAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 19, 9, 0, 0, TimeSpan.FromHours(8)));
        var code = await App.DeclareAsync(Arrange.Traveler(name: "李四"));
        await SignInAsync();

        await ScanAsync(code);

        await Expect(Page.GetByTestId("late")).ToBeVisibleAsync();
        await AssertActionAsync("landingTestTaken");
        await ShotAsync("07-late-registration");
    }

    [Fact]
    public async Task Not_found_offers_the_walk_in_registration()
    {
        await App.CheckpointWithOfficerAsync();
        await SignInAsync();

        await ScanAsync("NO-SUCH-CODE");

        await Expect(Page.GetByTestId("walk-in")).ToBeVisibleAsync();
        _firstScreen.Add(Page.GetByTestId("walk-in"));
        await ShotAsync("08-not-found");
    }

    [Fact]
    public async Task Offline_banner()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await SignInAsync();
        await Page.GotoAsync("/checkpoint");

        await Context.SetOfflineAsync(true);
        await Page.Locator("#Code").FillAsync(code);
        await Page.GetByTestId("scan").ClickAsync();

        await Expect(Page.GetByTestId("queue")).ToContainTextAsync("1");
        _firstScreen.Add(Page.GetByTestId("queue"));
        await ShotAsync("09-offline");
    }

    [Fact]
    public async Task Red_health_code_shown_beside_the_decision()
    {
        await App.CheckpointWithOfficerAsync();
        // From Wuyuan county: released on the decision alone, but the red code shown on the spot stops that.
        var code = await App.DeclareAsync(Arrange.Traveler(stayRegion: "150821"));
        await SignInAsync();
        await Page.GotoAsync("/checkpoint");
        await Page.Locator("#Code").FillAsync(code);
        await Page.Locator("#Temperature").FillAsync("36.5");
        await Page.GetByTestId("health-code-red").ClickAsync();
        await Page.GetByText("行程卡带星号").ClickAsync();
        await Expect(Page.Locator("#health-code-red")).ToBeCheckedAsync();
        await ScreenshotAsync("11-health-code-chosen");

        await Page.GetByTestId("scan").ClickAsync();

        await AssertActionAsync("transferredToQuarantine");
        await Expect(Page.GetByTestId("action").GetByTestId("health-code")).ToHaveTextAsync("红码");
        await Expect(Page.GetByTestId("itinerary-star")).ToBeVisibleAsync();
        _firstScreen.Add(Page.GetByTestId("action").GetByTestId("health-code"));
        // The next traveler's colour is chosen afresh.
        await Expect(Page.Locator("input[name=HealthCode]:checked")).ToHaveCountAsync(0);
        await ShotAsync("11-red-health-code");
    }

    [Fact]
    public async Task Walk_in_form()
    {
        await App.CheckpointWithOfficerAsync();
        await SignInAsync();

        await Page.GotoAsync("/checkpoint/walk-in");

        await Expect(Page.GetByTestId("walk-in-form")).ToBeVisibleAsync();
        await ShotAsync("10-walk-in");
    }
}
