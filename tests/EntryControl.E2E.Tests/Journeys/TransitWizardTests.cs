using EntryControl.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>途经 in the wizard: ticking the box swaps community and address for the entry checkpoint.</summary>
public sealed class TransitWizardTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Ticking_transit_hides_community_and_address_and_asks_for_the_entry_checkpoint()
    {
        await App.CheckpointWithOfficerAsync();
        await Page.GotoAsync("/declare");
        await Page.Locator("#Declaration_Traveler_Name").FillAsync("赵六");
        await Page.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
        await Page.Locator("#Declaration_Traveler_Phone").FillAsync("13900000000");
        await Page.GetByTestId("next").ClickAsync();
        await Expect(Page.Locator("#Declaration_Community")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("transit-checkpoint")).ToBeHiddenAsync();

        await Page.GetByTestId("transit").CheckAsync();

        await Expect(Page.Locator("#Declaration_Community")).ToBeHiddenAsync();
        await Expect(Page.Locator("#Declaration_Address")).ToBeHiddenAsync();
        await Expect(Page.Locator("#Declaration_Checkpoint")).ToBeVisibleAsync();
        await Page.Locator("#Declaration_Checkpoint").SelectOptionAsync(Arrange.Checkpoint);
        await ScreenshotAsync("1-transit-step-2", fullPage: true);
    }
}
