using EntryControl.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Travelers;

/// <summary>
/// Under the strict Content-Security-Policy (no inline script) the buttons that were inline handlers still work: they
/// are data attributes that <c>site.js</c> serves. A violation would be a console error, which fails every browser test.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Cancelling_a_declaration_asks_first_and_a_dismissed_question_cancels_nothing()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await Page.GotoAsync($"/d/{code}");

        var asked = new List<string>();
        Page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            if (asked.Count == 1)
            {
                await dialog.DismissAsync();
            }
            else
            {
                await dialog.AcceptAsync();
            }
        };
        await Page.GetByTestId("cancel").ClickAsync();
        await Expect(Page.GetByTestId("cancel")).ToBeVisibleAsync();
        Assert.Single(asked);
        await Expect(Page.GetByTestId("cancelled")).ToHaveCountAsync(0);

        await Page.GetByTestId("cancel").ClickAsync();
        await Expect(Page.GetByTestId("cancelled")).ToBeVisibleAsync();
        Assert.Equal(2, asked.Count);
        Assert.False(string.IsNullOrWhiteSpace(asked[0]));
    }

    [Fact]
    public async Task The_print_button_prints_without_an_inline_handler()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await Page.GotoAsync($"/d/{code}");
        await Page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");

        await Page.Locator("[data-print]").First.ClickAsync();

        Assert.Equal(1, await Page.EvaluateAsync<int>("() => window.__printed"));
    }
}
