using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>
/// Issue 16 in the browser: one admin uploads the next version of Bayannur 71号 (Xi'an becomes a key region), reads
/// what it changes and is refused publishing it; a second admin previews its effect on a declared traveler and
/// publishes it.
/// </summary>
public sealed class PolicyPublicationTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string SecondAdmin = "second-admin@test.entrycontrol.cn";
    private const string Password = "Staff-pass-123";

    [Fact]
    public async Task Two_admins_upload_review_preview_and_publish_a_new_policy_version()
    {
        await App.CheckpointWithOfficerAsync();
        await App.DeclareAsync(Arrange.Traveler());
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = SecondAdmin, password = Password, role = "admin" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await Page.SetViewportSizeAsync(1280, 900);
        await SignInAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        // A refused upload lists its problems next to the field; nothing is stored.
        await Page.GotoAsync("/Admin/Policies");
        await Page.Locator("#UploadJson").FillAsync(XianPolicy.Version3(fixOldCase: false));
        await Page.GetByTestId("upload").ClickAsync();
        await Expect(Page.GetByTestId("upload-error")).ToContainTextAsync("clauses 五+七: outside Inner Mongolia without certificate");
        await ScreenshotAsync("1-refused", fullPage: true);

        await Page.Locator("#UploadJson").FillAsync(XianPolicy.Version3());
        await Page.GetByTestId("upload").ClickAsync();
        await Expect(Page.GetByTestId("version-status")).ToHaveTextAsync("草稿");
        await Expect(Page.Locator("[data-testid=diff-item][data-kind=prefixesAdded]")).ToContainTextAsync("西安市");
        await Expect(Page.GetByTestId("own-draft")).ToBeVisibleAsync();
        await ScreenshotAsync("2-draft-diff", fullPage: true);

        // Four eyes: the author's publish is refused with the reason next to the date.
        await Page.GetByTestId("publish").ClickAsync();
        await Expect(Page.GetByTestId("effective-error")).ToContainTextAsync("另一位管理员");
        Assert.Equal(2, await App.WithDbAsync(db => db.PolicyDocuments.CountAsync(d => d.PolicyId == XianPolicy.Bayannur && d.Status != Web.Features.Policies.PolicyDocumentStatus.Draft)));

        var publisher = await (await NewContextAsync()).NewPageAsync();
        await publisher.SetViewportSizeAsync(1280, 900);
        await SignInAsync(SecondAdmin, Password, publisher);
        await publisher.GotoAsync("/Admin/Policies");
        await publisher.Locator("[data-testid=draft] a").ClickAsync();
        await Expect(publisher.GetByTestId("own-draft")).ToHaveCountAsync(0);
        await publisher.GetByTestId("impact-preview").ClickAsync();
        await Expect(publisher.GetByTestId("transition")).ToHaveTextAsync("3天2检 → 居家隔离: 1");
        await ScreenshotAsync("3-impact", publisher, fullPage: true);

        await publisher.GetByTestId("publish").ClickAsync();
        await Expect(publisher.GetByTestId("message")).ToContainTextAsync("2022-11-17");
        await Expect(publisher.GetByTestId("version-status")).ToHaveTextAsync("已发布");
        await Expect(publisher.Locator("[data-testid=version][data-version='2'] td").Nth(3)).ToHaveTextAsync("2022-11-16");
        await ScreenshotAsync("4-published", publisher, fullPage: true);

        await publisher.GotoAsync($"/Admin/Policies/{XianPolicy.Bayannur}/versions/3?culture=en");
        await Expect(publisher.Locator("[data-testid=diff-item][data-kind=prefixesAdded]")).ToContainTextAsync("adds key regions");
        await ScreenshotAsync("5-published.en", publisher, fullPage: true);
    }
}
