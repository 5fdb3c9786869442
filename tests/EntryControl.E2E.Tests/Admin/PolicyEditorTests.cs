using System.Text.Json.Nodes;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Admin;

/// <summary>
/// Issue 16's guided editor in the browser, for an admin who does not write JSON: a key region is a province or a city
/// as often as a county, chosen with the picker's selects or its search; a bad number is named in the error summary,
/// which takes the focus; the next version becomes a draft whose diff names the region added.
/// </summary>
public sealed class PolicyEditorTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_admin_adds_a_city_as_a_key_region_with_the_guided_editor()
    {
        await Page.SetViewportSizeAsync(1280, 900);
        await SignInAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        await Page.GotoAsync("/Admin/Policies");
        await Page.GetByRole(AriaRole.Link, new() { Name = "引导编辑器", Exact = false }).ClickAsync();
        await Page.Locator("#Id").SelectOptionAsync(XianPolicy.Bayannur);
        await Page.GetByRole(AriaRole.Button, new() { Name = "选择", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("editor-versions")).ToContainTextAsync("2");

        // A city chosen level by level is the region: no county needed.
        var picker = Page.Locator("[data-region-picker]");
        await picker.GetByRole(AriaRole.Combobox, new() { Name = "省份", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "陕西省" });
        await picker.GetByRole(AriaRole.Combobox, new() { Name = "城市", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "西安市" });
        await Expect(Page.Locator("#Form_AddRegion")).ToHaveValueAsync("610100");

        // The search offers cities before the counties of the same name; Enter picks.
        var search = picker.Locator("input[role=combobox]");
        await search.FillAsync("成都");
        await Expect(picker.Locator("[role=option]").First).ToHaveTextAsync("四川省 成都市 · 510100");
        await search.PressAsync("Enter");
        await Expect(Page.Locator("#Form_AddRegion")).ToHaveValueAsync("510100");
        await Expect(picker.GetByRole(AriaRole.Combobox, new() { Name = "城市", Exact = true })).ToHaveValueAsync("510100");
        await Expect(picker.GetByRole(AriaRole.Combobox, new() { Name = "区县", Exact = true }).Locator("option", new() { HasText = "武侯区" })).ToHaveCountAsync(1);

        await Page.Locator("#Form_IsolationDays").FillAsync("-1");
        await Page.GetByTestId("make-draft").ClickAsync();
        await Expect(Page.GetByTestId("editor-errors")).ToBeFocusedAsync();
        await Expect(Page.GetByTestId("editor-errors")).ToContainTextAsync("隔离天数");
        await Expect(Page.Locator("#Form_AddRegion")).ToHaveValueAsync("510100");
        await ScreenshotAsync("1-errors", fullPage: true);

        await Page.Locator("#Form_IsolationDays").FillAsync("7");
        await Page.GetByTestId("make-draft").ClickAsync();
        await Expect(Page.GetByTestId("version-status")).ToHaveTextAsync("草稿");
        await Expect(Page.Locator("[data-testid=diff-item][data-kind=prefixesAdded]")).ToContainTextAsync("成都市");
        await ScreenshotAsync("2-draft", fullPage: true);

        var draft = await App.WithDbAsync(db => db.PolicyDocuments.SingleAsync(d => d.PolicyId == XianPolicy.Bayannur && d.Status == PolicyDocumentStatus.Draft));
        var keyRegion = JsonNode.Parse(draft.Json)!["rules"]!.AsArray().Single(r => (string?)r!["group"] == "keyRegion")!;
        Assert.Contains("5101", keyRegion["prefixes"]!.AsArray().Select(p => (string?)p));
    }
}
