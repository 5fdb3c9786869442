using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Travelers;

/// <summary>
/// The screens a new user's review changed, on a phone (390 wide) and a desktop, in Chinese and English: the
/// wizard's late-registration warning (live, as the arrival is chosen) and look-back hint, find by document and
/// phone, the amend confirmation, and the admin landing page.
/// </summary>
public sealed class NewUserReviewTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private static async Task ToArrivalStepAsync(IPage page)
    {
        await page.GotoAsync("/declare");
        await page.Locator("#Declaration_Traveler_Name").FillAsync("张三");
        await page.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
        await page.Locator("#Declaration_Traveler_Phone").FillAsync("13800000000");
        await page.GetByTestId("next").ClickAsync();
        await page.Locator("#Declaration_Community").SelectOptionAsync(Arrange.Community);
        await page.Locator("#Declaration_Address").FillAsync("临河区新华街 1 号");
    }

    [Fact]
    public async Task The_wizard_warns_while_the_arrival_is_chosen_and_names_the_look_back()
    {
        await App.CheckpointWithOfficerAsync();
        foreach (var (culture, suffix, width, height) in new[] { ("zh-CN", "zh", 390, 844), ("en", "en", 390, 844), ("zh-CN", "zh.desktop", 1280, 900) })
        {
            await Page.SetViewportSizeAsync(width, height);
            // The language switch sets the cookie, so the wizard's posts stay in that language.
            await Page.GotoAsync($"/culture/{culture}?returnUrl=/");
            await ToArrivalStepAsync(Page);
            var warning = Page.GetByTestId("late-warning");
            // The test clock stands at 2022-11-17 10:00: 11-21 is four days ahead, 11-19 two.
            await Page.Locator("#Input_ArrivalDate").FillAsync("2022-11-21");
            await Expect(warning).ToBeHiddenAsync();
            await Page.Locator("#Input_ArrivalDate").FillAsync("2022-11-19");
            await Expect(warning).ToBeVisibleAsync();
            await Expect(warning).ToContainTextAsync("巴防指通告〔2022〕71号 七");
            await ScreenshotAsync($"1-arrival-warning.{suffix}", fullPage: true);
            await Page.GetByTestId("next").ClickAsync();
            await Expect(Page.GetByTestId("stays-hint")).ToContainTextAsync(suffix == "en" ? "last 7 days" : "近7天");
            await ScreenshotAsync($"2-stays.{suffix}");
        }
    }

    [Fact]
    public async Task Find_amend_and_the_admin_landing_page_look_right_on_a_phone_and_a_desktop()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await App.DeclareAsync(Arrange.Traveler(stayRegion: "150202"));
        await Page.SetViewportSizeAsync(390, 844);

        await Page.GotoAsync("/declare/find");
        await Page.Locator("#IdNumber").FillAsync(Arrange.ResidentId);
        await Page.Locator("#Phone").FillAsync("13800000000");
        await Page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("found-item")).ToHaveCountAsync(2);
        await ScreenshotAsync("3-find", fullPage: true);

        await Page.GotoAsync($"/d/{code}/edit");
        await Page.Locator("#Declaration_Address").FillAsync("临河区新华街 2 号");
        await Page.Locator("#Declaration_Attestation").CheckAsync();
        await Page.GetByTestId("save").ClickAsync();
        await Expect(Page.GetByTestId("amend-saved")).ToContainTextAsync("临河区新华街 2 号");
        await ScreenshotAsync("4-amended", fullPage: true);
        await Page.SetViewportSizeAsync(1280, 900);
        await ScreenshotAsync("4-amended.desktop");

        await SignInAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        Assert.EndsWith("/Admin", new Uri(Page.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(Page.GetByTestId("admin-scope")).ToContainTextAsync("/checkpoint");
        await ScreenshotAsync("5-admin");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("/Admin?culture=en");
        await ScreenshotAsync("5-admin.en", fullPage: true);
    }
}
