using System.Text.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Scans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Accessibility;

/// <summary>
/// Keyboard-only use (issue 18): the declaration wizard with type, Tab and Enter (Enter moves on, never adds a
/// co-traveler); errors announced through a focused summary and aria-invalid fields; the checkpoint console's scan and
/// outcome with Enter and Tab, the focus on the decision; the region search in a few key presses; and on a phone no
/// focused field hidden under the wizard's sticky action bar.
/// </summary>
public sealed class KeyboardTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private Task<string> FocusedAsync() =>
        Page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? (e.id || e.dataset.testid || e.tagName) : ''; }");

    /// <summary>Presses Tab (or Shift+Tab) until the element with <paramref name="id"/> has the focus; returns the presses.</summary>
    private async Task<int> TabToAsync(string id, bool back = false, int max = 40)
    {
        for (var presses = 1; presses <= max; presses++)
        {
            await Page.Keyboard.PressAsync(back ? "Shift+Tab" : "Tab");
            if (await FocusedAsync() == id)
            {
                return presses;
            }
        }

        throw new Xunit.Sdk.XunitException($"#{id} was not reached in {max} presses; the focus is on {await FocusedAsync()}.");
    }

    /// <summary>
    /// Sets the focused date input. Its segments follow the browser's own locale (month first in this Chromium, whatever
    /// the page's language), so the date goes in as a date picker would put it; the focus stays where it is.
    /// </summary>
    private Task TypeDateAsync(string date) => Page.Locator(":focus").FillAsync(date);

    private async Task ExpectStepAsync(int step)
    {
        await Expect(Page.GetByTestId("declare-form")).ToHaveAttributeAsync("data-step", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The new step's heading has the focus, and the title names the step.
        var heading = Page.GetByTestId($"step-{step}").GetByTestId("step-heading");
        await Expect(heading).ToBeFocusedAsync();
        await Expect(Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex($"^来（返）报备 – 第{step}步，共4步"));
    }

    [Fact]
    public async Task The_wizard_is_completed_with_the_keyboard_alone_and_enter_moves_on_without_adding_a_co_traveler()
    {
        await App.CheckpointWithOfficerAsync();
        await Page.GotoAsync("/declare");
        await Page.Locator("#Declaration_Traveler_Name").FocusAsync();

        // Step 1: Enter in the phone field moves on (it used to add a co-traveler row).
        await Page.Keyboard.TypeAsync("张三");
        await TabToAsync("Declaration_Traveler_IdNumber");
        await Page.Keyboard.TypeAsync(Arrange.ResidentId);
        await TabToAsync("Declaration_Traveler_Phone");
        await Page.Keyboard.TypeAsync("13800000000");
        await Page.Keyboard.PressAsync("Enter");
        await ExpectStepAsync(2);
        await Expect(Page.GetByTestId("co-traveler")).ToHaveCountAsync(1);

        // Step 2: the community by arrow key, the address, the date; Enter in the address field moves on (it used to go
        // back to step 1 and add a co-traveler).
        await TabToAsync("Declaration_Community");
        await Page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync("Declaration_Address");
        await Page.Keyboard.TypeAsync("临河区新华街 1 号");
        await TabToAsync("Input_ArrivalDate");
        await TypeDateAsync("2022-11-20");
        await TabToAsync("Declaration_Address", back: true);
        await Page.Keyboard.PressAsync("Enter");
        await ExpectStepAsync(3);
        await Expect(Page.GetByTestId("co-traveler")).ToHaveCountAsync(1);

        // Step 3: the stay's county by its search box (two characters and Enter), then the dates; Enter moves on.
        var search = Page.GetByTestId("stay").First.GetByRole(AriaRole.Combobox, new() { Name = "旅居地（区县） · 搜索" });
        await Page.Keyboard.PressAsync("Tab");
        await Expect(search).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("雁塔");
        await Expect(Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = "陕西省 西安市 雁塔区 · 610113" })).ToHaveAttributeAsync("aria-selected", "true");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#Input_Stays_0__Region")).ToHaveValueAsync("610113");
        await Expect(Page.GetByTestId("declare-form")).ToHaveAttributeAsync("data-step", "3");
        await TabToAsync("Input_Stays_0__From");
        await TypeDateAsync("2022-11-16");
        await TabToAsync("Input_Stays_0__To");
        await TypeDateAsync("2022-11-19");
        await Page.Keyboard.PressAsync("Enter");
        await ExpectStepAsync(4);

        // Step 4: the attestation with Space, Enter submits.
        await TabToAsync("Declaration_Attestation");
        await Page.Keyboard.PressAsync("Space");
        await Page.Keyboard.PressAsync("Enter");

        await Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/d/[^/]+\\?created"));
        var stored = await App.WithDbAsync(db => db.Declarations.ToListAsync());
        var declaration = Assert.Single(stored);
        Assert.Equal("150802001001", declaration.CommunityCode);
    }

    [Fact]
    public async Task A_failed_next_puts_the_focus_on_the_error_summary_whose_links_lead_to_the_invalid_fields()
    {
        await Page.GotoAsync("/declare");
        await Page.Locator("#Declaration_Traveler_Name").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");

        var summary = Page.GetByTestId("error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("请更正以下问题");
        await Expect(Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^错误：来（返）报备 – 第1步，共4步"));
        var name = Page.Locator("#Declaration_Traveler_Name");
        await Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await name.GetAttributeAsync("aria-describedby");
        Assert.Equal("Declaration_Traveler_Name-error", describedBy);
        await Expect(Page.Locator("#" + describedBy)).Not.ToBeEmptyAsync();
        await Expect(name).ToHaveAccessibleDescriptionAsync(await Page.Locator("#" + describedBy).InnerTextAsync());

        // The summary's first link, by keyboard, takes the focus to its field.
        await Page.Keyboard.PressAsync("Tab");
        var first = summary.GetByRole(AriaRole.Link).First;
        await Expect(first).ToBeFocusedAsync();
        var target = (await first.GetAttributeAsync("href"))!.TrimStart('#');
        await Page.Keyboard.PressAsync("Enter");
        Assert.Equal(target, await FocusedAsync());

        // Corrected, the step moves on and the title no longer says "错误".
        await Page.Locator("#Declaration_Traveler_Name").FillAsync("张三");
        await Page.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
        await Page.Locator("#Declaration_Traveler_Phone").FillAsync("13800000000");
        await Page.Locator("#Declaration_Traveler_Phone").PressAsync("Enter");
        await ExpectStepAsync(2);
        await Expect(summary).ToHaveCountAsync(0);
    }

    private async Task OpenConsoleAsync()
    {
        App.Clock.Set(Arrange.ScanTime);
        await Page.Clock.SetFixedTimeAsync(Arrange.ScanTime.UtcDateTime);
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
        await Page.GotoAsync("/checkpoint");
    }

    [Fact]
    public async Task The_officer_scans_by_typing_the_code_and_records_the_release_with_enter_and_one_tab()
    {
        // From Wuyuan county: released on the decision alone, nothing to fill in before the outcome.
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler(stayRegion: "150821"));
        await OpenConsoleAsync();

        Assert.Equal("Code", await FocusedAsync());
        await Page.Keyboard.TypeAsync(code);
        await TabToAsync("Temperature");
        await Page.Keyboard.TypeAsync("36.5");
        await TabToAsync("Code", back: true);
        await Page.Keyboard.PressAsync("Enter");

        // The decision has the focus (a heading, so it is announced); the recommended outcome is the next Tab stop.
        var decision = Page.GetByTestId("recommended");
        await Expect(decision).ToBeFocusedAsync();
        await Expect(decision).ToHaveRoleAsync(AriaRole.Heading);
        await Expect(Page.GetByTestId("action")).ToHaveAttributeAsync("data-recommended", "released");
        Assert.Equal(1, await TabToAsync("outcome-released"));
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.GetByTestId("recorded")).ToHaveTextAsync("已记录：已放行");
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal(ScanOutcome.Released, scan.Outcome);
        // Ready for the next traveler: the focus is back in the code field.
        Assert.Equal("Code", await FocusedAsync());
    }

    [Fact]
    public async Task After_a_scan_that_needs_a_tube_number_the_tube_field_has_the_focus_and_enter_records_the_landing_test()
    {
        // From Xi'an: the landing test is recommended and needs the tube number first.
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        await OpenConsoleAsync();
        await Page.Keyboard.TypeAsync(code);
        await TabToAsync("Temperature");
        await Page.Keyboard.TypeAsync("36.6");
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.Locator("#tubeNumber")).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync("T-0042");
        Assert.Equal(1, await TabToAsync("outcome-landingTestTaken"));
        await TabToAsync("tubeNumber", back: true);
        await Page.Keyboard.PressAsync("Enter");

        await Expect(Page.GetByTestId("recorded")).ToHaveTextAsync("已记录：已落地检");
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal((ScanOutcome.LandingTestTaken, "T-0042"), (scan.Outcome, scan.TubeNumber));
    }

    [Fact]
    public async Task A_county_is_picked_by_keyboard_in_a_few_presses_and_arrowing_through_a_closed_select_loads_nothing()
    {
        await Page.GotoAsync("/lookup");
        var stay = Page.GetByTestId("stay").First;
        var search = stay.GetByRole(AriaRole.Combobox, new() { Name = "旅居地（区县） · 搜索" });
        await search.FocusAsync();

        // Two characters and Enter: three presses, where the selects took 34.
        await Page.Keyboard.TypeAsync("雁塔");
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "true");
        var option = Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = "陕西省 西安市 雁塔区 · 610113" });
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        Assert.Equal(await option.GetAttributeAsync("id"), await search.GetAttributeAsync("aria-activedescendant"));
        await Page.Keyboard.PressAsync("Enter");
        await Expect(search).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(Page.Locator("#Input_Stays_0__Region")).ToHaveValueAsync("610113");
        await Expect(search).ToHaveValueAsync("陕西省 西安市 雁塔区");
        await Expect(stay.GetByLabel("区县", new() { Exact = true })).ToHaveValueAsync("610113");
        await Expect(stay.GetByLabel("城市", new() { Exact = true })).ToHaveValueAsync("610100");

        // A code prefix works too, and Arrow keys move through the matches.
        await search.FillAsync("");
        await Page.Keyboard.TypeAsync("1508");
        await Expect(Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).First).ToHaveAttributeAsync("aria-selected", "true");
        await Page.Keyboard.PressAsync("ArrowDown");
        var second = Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).Nth(1);
        await Expect(second).ToHaveAttributeAsync("aria-selected", "true");
        var secondCode = await second.GetAttributeAsync("data-code");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("#Input_Stays_0__Region")).ToHaveValueAsync(secondCode!);

        // Arrowing through the closed province select is browsing: no city list is loaded until the choice is committed.
        var province = stay.GetByLabel("省份", new() { Exact = true });
        await province.FocusAsync();
        int CityLoads() { lock (Requests) { return Requests.Count(r => r.StartsWith("GET /api/v1/regions?parent=", StringComparison.Ordinal)); } }
        var before = CityLoads();
        for (var i = 0; i < 5; i++)
        {
            await Page.Keyboard.PressAsync("ArrowDown");
        }

        await Page.WaitForTimeoutAsync(300);
        Assert.Equal(before, CityLoads());
        var chosen = await province.InputValueAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(stay.GetByLabel("城市", new() { Exact = true }).Locator("option").Nth(1)).ToBeAttachedAsync();
        Assert.Equal(before + 1, CityLoads());
        Assert.Equal(chosen[..2], (await stay.GetByLabel("城市", new() { Exact = true }).Locator("option").Nth(1).GetAttributeAsync("value"))![..2]);
    }

    [Fact]
    public async Task On_a_phone_no_field_of_any_step_is_hidden_under_the_action_bar_when_tabbed_to()
    {
        await App.CheckpointWithOfficerAsync();
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("/declare");

        for (var step = 1; step <= 4; step++)
        {
            await Expect(Page.GetByTestId("declare-form")).ToHaveAttributeAsync("data-step", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Page.GetByTestId($"step-{step}").GetByTestId("step-heading").FocusAsync();
            var obscured = new List<string>();
            var stops = 0;
            // Every Tab stop of the step up to the action bar: the focused element's box must not reach under the bar.
            while (stops++ < 60)
            {
                await Page.Keyboard.PressAsync("Tab");
                var json = await Page.EvaluateAsync<JsonElement>(
                    """
                    async () => {
                      // What the user sees once the page has settled: the scroll (smooth, Bootstrap's) has stopped.
                      const frame = () => new Promise(done => requestAnimationFrame(done));
                      for (let still = 0, last = -1, frames = 0; still < 5 && frames < 120; frames++) {
                        await frame();
                        still = window.scrollY === last ? still + 1 : 0;
                        last = window.scrollY;
                      }
                      const e = document.activeElement;
                      const bar = document.querySelector(".sticky-actions");
                      const inBar = bar.contains(e);
                      const r = e.getBoundingClientRect(), b = bar.getBoundingClientRect();
                      return { id: e.id || e.name || e.tagName, inBar, bottom: r.bottom, top: r.top, barTop: b.top, barBottom: b.bottom };
                    }
                    """);
                if (json.GetProperty("inBar").GetBoolean())
                {
                    break;
                }

                var (top, bottom) = (json.GetProperty("top").GetDouble(), json.GetProperty("bottom").GetDouble());
                var (barTop, barBottom) = (json.GetProperty("barTop").GetDouble(), json.GetProperty("barBottom").GetDouble());
                if (bottom > barTop + 0.5 && top < barBottom - 0.5)
                {
                    obscured.Add($"{json.GetProperty("id").GetString()} ({top:0}–{bottom:0} under the bar at {barTop:0}–{barBottom:0})");
                }
            }

            Assert.True(stops > 1, $"step {step}: the Tab walk reached no field before the action bar");
            Assert.True(obscured.Count == 0, $"step {step}: focused under the action bar: " + string.Join(", ", obscured));
            await ScreenshotAsync($"phone-step-{step}");
            if (step == 4)
            {
                break;
            }

            // Fill the step (not what is tested here) and move on.
            switch (step)
            {
                case 1:
                    await Page.Locator("#Declaration_Traveler_Name").FillAsync("张三");
                    await Page.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
                    await Page.Locator("#Declaration_Traveler_Phone").FillAsync("13800000000");
                    break;
                case 2:
                    await Page.Locator("#Declaration_Community").SelectOptionAsync(Arrange.Community);
                    await Page.Locator("#Declaration_Address").FillAsync("临河区新华街 1 号");
                    await Page.Locator("#Input_ArrivalDate").FillAsync("2022-11-20");
                    break;
                case 3:
                    await Page.Locator("#Input_Stays_0__From").FillAsync("2022-11-16");
                    await Page.Locator("#Input_Stays_0__To").FillAsync("2022-11-19");
                    await Page.GetByTestId("stay").First.GetByRole(AriaRole.Combobox, new() { Name = "旅居地（区县） · 搜索" }).FillAsync("雁塔");
                    await Page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option).First.ClickAsync();
                    await Expect(Page.Locator("#Input_Stays_0__Region")).ToHaveValueAsync("610113");
                    break;
            }

            await Page.GetByTestId("next").ClickAsync();
        }
    }
}
