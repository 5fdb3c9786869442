using EntryControl.E2E.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Accessibility;

/// <summary>
/// What a keyboard user sees: the skip link is the first stop of Tab, shows itself and moves the reading position to
/// the main content; every focus ring (the navbar's on the brand blue included) is drawn at 3:1 or more against what
/// surrounds it (WCAG 2.4.1, 2.4.7, 1.4.11).
/// </summary>
public sealed class FocusTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    /// <summary>
    /// The focused element's ring: its outline (or the outer ring of its box-shadow) colour, width and the contrast of
    /// that colour against the background behind the element (the first opaque ancestor background).
    /// </summary>
    private const string FocusRing =
        """
        () => {
          const rgb = text => (text.match(/[\d.]+/g) || []).map(Number);
          const luminance = ([r, g, b]) => {
            const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          const element = document.activeElement;
          const style = getComputedStyle(element);
          let background = [255, 255, 255];
          for (let e = element.parentElement; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length >= 3 && (c.length < 4 || c[3] === 1)) { background = c.slice(0, 3); break; }
          }
          // A translucent ring (Bootstrap's 25% blue) is seen blended with what is behind it.
          const blend = c => c.length < 4 ? c : c.slice(0, 3).map((v, i) => c[3] * v + (1 - c[3]) * background[i]);
          let ring = null, width = 0;
          if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
            ring = blend(rgb(style.outlineColor)); width = parseFloat(style.outlineWidth);
          } else if (style.boxShadow && style.boxShadow !== "none") {
            const shadows = style.boxShadow.split(/,(?![^(]*\))/);
            const last = shadows[shadows.length - 1];
            ring = blend(rgb(last.match(/rgba?\([^)]*\)/)[0]));
            width = Math.max(...(last.replace(/rgba?\([^)]*\)/, "").match(/[\d.]+px/g) || ["0"]).map(parseFloat));
          }
          return {
            tag: element.tagName, text: (element.textContent || "").trim().slice(0, 30),
            ring: ring ? `rgb(${ring.map(Math.round).join(",")})` : "none", width,
            contrast: ring ? Math.round(contrast(ring, background) * 100) / 100 : 0,
            background: `rgb(${background.join(",")})`,
          };
        }
        """;

    private async Task<(string Text, double Contrast, double Width, string Detail)> FocusedRingAsync()
    {
        var ring = await Page.EvaluateAsync<System.Text.Json.JsonElement>(FocusRing);
        var detail = ring.ToString();
        return (ring.GetProperty("text").GetString()!, ring.GetProperty("contrast").GetDouble(), ring.GetProperty("width").GetDouble(), detail);
    }

    [Theory]
    [InlineData("zh-CN", "跳到主要内容")]
    [InlineData("en", "Skip to main content")]
    public async Task The_first_tab_shows_the_skip_link_and_enter_moves_to_the_main_content(string language, string text)
    {
        await Page.GotoAsync($"/culture/{language}?returnUrl=/declare");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = text });
        await Expect(skip).Not.ToBeInViewportAsync();

        await Page.Keyboard.PressAsync("Tab");

        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync(new() { Ratio = 1 });
        var box = (await skip.BoundingBoxAsync())!;
        Assert.True(box is { Width: > 40, Height: > 20 }, $"The focused skip link is {box.Width}×{box.Height}.");
        await ScreenshotAsync($"skip-link.{language}");

        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator("main#main")).ToBeFocusedAsync();
        // The next Tab continues inside the main content, not at the navbar.
        await Page.Keyboard.PressAsync("Tab");
        Assert.True(await Page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"));
    }

    [Fact]
    public async Task Every_navbar_control_shows_a_focus_ring_at_three_to_one_against_the_brand_blue()
    {
        await Page.SetViewportSizeAsync(1440, 900);
        await Page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await Page.GotoAsync("/");
        var weak = new List<string>();
        var seen = 0;
        await Page.Keyboard.PressAsync("Tab"); // the skip link
        for (var i = 0; i < 12; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (!await Page.EvaluateAsync<bool>("() => !!document.activeElement.closest('header')"))
            {
                break;
            }

            seen++;
            var (name, contrast, width, detail) = await FocusedRingAsync();
            if (contrast < 3 || width < 2)
            {
                weak.Add($"{name}: {detail}");
            }
        }

        await Page.Keyboard.PressAsync("Shift+Tab");
        await ScreenshotAsync("navbar-focus");
        Assert.True(seen >= 5, $"Only {seen} navbar controls were reached with Tab.");
        Assert.True(weak.Count == 0, "Focus rings under 3:1 or thinner than 2px:\n" + string.Join('\n', weak));
    }

    [Fact]
    public async Task Buttons_links_and_fields_in_the_page_show_a_focus_ring_at_three_to_one()
    {
        // Bootstrap animates the ring in (box-shadow transition); without motion it is read as drawn.
        await Page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await Page.GotoAsync("/lookup");
        var weak = new List<string>();
        foreach (var selector in new[] { "main select", "main input[type=date]", "main button[type=submit]", "footer a" })
        {
            await Page.Locator(selector).First.FocusAsync();
            // Focus from script does not count as keyboard focus for :focus-visible on buttons and links; Tab does.
            await Page.Keyboard.PressAsync("Shift+Tab");
            await Page.Keyboard.PressAsync("Tab");
            var (name, contrast, width, detail) = await FocusedRingAsync();
            if (contrast < 3 || width < 2)
            {
                weak.Add($"{selector} ({name}): {detail}");
            }
        }

        Assert.True(weak.Count == 0, "Focus rings under 3:1 or thinner than 2px:\n" + string.Join('\n', weak));
    }
}
