using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>
/// 协查 in the browser: the admin previews a high-risk designation of Xi'an's 雁塔区 on the registry page, confirms it,
/// watches the re-decisions finish, and the traveler who stayed there sees on their page that the measure changed.
/// </summary>
public sealed class ReevaluationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_admin_previews_and_confirms_a_designation_and_the_traveler_sees_the_new_measure()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await Page.SetViewportSizeAsync(1280, 900);
        await SignInAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        await Page.GotoAsync("/Admin/RiskAreas");
        // The county picker's code field is filled directly (the picker's own behaviour is not under test here).
        await Page.Locator("#Add_Region").EvaluateAsync("(input, code) => input.value = code", "610113");
        await Page.Locator("#Add_Level").SelectOptionAsync("high");
        await Page.Locator("#Add_From").FillAsync("2022-11-15");
        await Page.GetByTestId("preview").ClickAsync();
        await Expect(Page.GetByTestId("transition")).ToHaveTextAsync("3天2检 → 居家隔离: 1");
        await ScreenshotAsync("1-preview", fullPage: true);
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));

        await Page.GetByTestId("confirm").ClickAsync();
        await Expect(Page.GetByTestId("message")).ToContainTextAsync("重新判定");
        // The page follows the change's progress by itself until it is done.
        // Background work on two shared cores (the scheduler may still be starting): allow it a minute.
        await Expect(Page.GetByTestId("registry-change").First).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
        await ScreenshotAsync("2-done", fullPage: true);

        var traveler = await (await NewContextAsync()).NewPageAsync();
        await traveler.SetViewportSizeAsync(390, 844);
        await traveler.GotoAsync($"/d/{code}");
        await Expect(traveler.GetByTestId("measure-changed")).ToContainTextAsync("居家隔离");
        await Expect(traveler.GetByTestId("history-item")).ToHaveCountAsync(2);
        await ScreenshotAsync("3-traveler", traveler, fullPage: true);

        await traveler.GotoAsync($"/d/{code}?culture=en");
        await Expect(traveler.GetByTestId("measure-changed")).ToContainTextAsync("Home isolation");
        await Expect(traveler.GetByTestId("decision-history")).ToContainTextAsync("Re-decided after a risk-area change");
        await ScreenshotAsync("4-traveler.en", traveler, fullPage: true);
    }
}
