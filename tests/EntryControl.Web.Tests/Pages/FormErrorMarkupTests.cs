using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Pages;

/// <summary>
/// The markup keyboard and screen-reader users rely on, as the server renders it (issue 18): Enter's default button on
/// each step of the wizard, the error summary with links to the invalid fields, aria-invalid and aria-describedby on
/// them, the page title naming errors and the step, and the pickers' region search.
/// </summary>
public sealed class FormErrorMarkupTests(EntryControlApp app) : AppTest(app)
{
    private static Dictionary<string, string> Filled() => new()
    {
        ["Declaration.Traveler.Name"] = "张三",
        ["Declaration.Traveler.IdType"] = "residentId",
        ["Declaration.Traveler.IdNumber"] = "11010519491231002X",
        ["Declaration.Traveler.Phone"] = "13800000000",
        ["Declaration.Community"] = "150802001001",
        ["Declaration.Address"] = "临河区新华街 1 号",
        ["Input.ArrivalDate"] = "2022-11-20",
        ["Input.ArrivalTime"] = "10:00",
        ["Input.Stays[0].Region"] = "150102",
        ["Input.Stays[0].From"] = "2022-11-16",
        ["Input.Stays[0].To"] = "2022-11-19",
        ["Input.Occupation"] = "none",
        ["Input.TravelerType"] = "person",
    };

    private Task<(HttpClient Browser, string Token)> OpenAsync(string culture = "") => DeclareWizard.OpenAsync(App, culture);

    private static async Task<IHtmlDocument> PostStepAsync(HttpClient browser, string token, Dictionary<string, string> fields, int step, string handler = "Next", string culture = "")
    {
        var response = await browser.PostAsync($"/declare?handler={handler}{culture.Replace('?', '&')}", DeclareWizard.Form(fields, token, step), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    /// <summary>The button Enter presses: the form's first submit button in tree order.</summary>
    private static IElement DefaultButton(IDocument page) =>
        page.QuerySelector("[data-testid=declare-form]")!.QuerySelectorAll("button, input[type=submit]")
            .First(b => b.GetAttribute("type") is null or "submit");

    [Fact]
    public async Task On_every_step_enter_moves_on_or_submits_and_a_hidden_step_contributes_no_button()
    {
        var (browser, token) = await OpenAsync();
        var first = Html.Parse(await browser.GetStringAsync("/declare", TestContext.Current.CancellationToken));
        Assert.EndsWith("handler=Next", DefaultButton(first).GetAttribute("formaction"), StringComparison.Ordinal);
        // The co-traveler button is still there on its own step, after the default one.
        Assert.NotNull(first.QuerySelector("[data-testid=step-1] button[formaction$='handler=AddCoTraveler']"));

        for (var step = 1; step <= 3; step++)
        {
            var page = await PostStepAsync(browser, token, Filled(), step);
            Assert.Equal((step + 1).ToString(CultureInfo.InvariantCulture), page.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-step"));
            Assert.EndsWith(step + 1 < 4 ? "handler=Next" : "handler=Submit", DefaultButton(page).GetAttribute("formaction"), StringComparison.Ordinal);
            Assert.Empty(page.QuerySelectorAll("[data-testid=declare-form] [formaction$='handler=AddCoTraveler']"));
            // Not in the tab order, not announced: only Enter reaches it.
            Assert.Equal(("-1", "true"), (DefaultButton(page).GetAttribute("tabindex"), DefaultButton(page).GetAttribute("aria-hidden")));
        }
    }

    [Theory]
    [InlineData("", "请更正以下问题", "错误：", "第1步，共4步：人员信息")]
    [InlineData("?culture=en", "Please correct the following", "Error: ", "Step 1 of 4: ")]
    public async Task A_failed_step_lists_its_errors_in_a_focused_summary_linking_to_fields_marked_invalid(string culture, string heading, string titlePrefix, string step)
    {
        var (browser, token) = await OpenAsync(culture);
        var fields = Filled();
        fields["Declaration.Traveler.Name"] = "";
        fields["Declaration.Traveler.IdNumber"] = "110105194912310021";
        fields["Declaration.Traveler.Phone"] = "1380000";

        var page = await PostStepAsync(browser, token, fields, 1, culture: culture);

        var summary = page.QuerySelector("[data-error-summary]");
        Assert.NotNull(summary);
        Assert.Equal(heading, summary.QuerySelector("h2")?.TextContent);
        Assert.Equal(summary.QuerySelector("h2")?.Id, summary.GetAttribute("aria-labelledby"));
        Assert.Equal("-1", summary.GetAttribute("tabindex"));
        Assert.True(summary.HasAttribute("autofocus"));
        Assert.StartsWith(titlePrefix, page.Title, StringComparison.Ordinal);
        Assert.Contains(step, page.Title, StringComparison.Ordinal);

        var links = summary.QuerySelectorAll("a");
        Assert.Equal(["#Declaration_Traveler_IdNumber", "#Declaration_Traveler_Name", "#Declaration_Traveler_Phone"], links.Select(a => a.GetAttribute("href")!).Order(StringComparer.Ordinal));
        foreach (var link in links)
        {
            var field = page.GetElementById(link.GetAttribute("href")![1..]);
            Assert.NotNull(field);
            Assert.Equal("true", field.GetAttribute("aria-invalid"));
            var message = page.GetElementById(field.GetAttribute("aria-describedby")!);
            Assert.NotNull(message);
            Assert.Equal(link.TextContent, message.TextContent.Trim());
        }

        // A valid field is not marked.
        Assert.Null(page.GetElementById("Declaration_Traveler_IdType")?.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_step_that_moves_on_names_the_new_step_in_the_title_and_autofocuses_its_heading()
    {
        var (browser, token) = await OpenAsync();

        var page = await PostStepAsync(browser, token, Filled(), 1);

        Assert.Null(page.QuerySelector("[data-error-summary]"));
        Assert.StartsWith("来（返）报备 – 第2步，共4步：目的地", page.Title, StringComparison.Ordinal);
        var focused = page.QuerySelectorAll("[autofocus]");
        var only = Assert.Single(focused);
        Assert.Equal("step-heading", only.GetAttribute("data-testid"));
        Assert.NotNull(only.Closest("[data-testid=step-2]"));

        // Adding a co-traveler: the new row's first field is the one to focus, not a heading.
        // The page always posts its one blank co-traveler row, as a browser would.
        var withBlankRow = Filled();
        withBlankRow["Declaration.CoTravelers[0].Name"] = "";
        withBlankRow["Declaration.CoTravelers[0].IdType"] = "residentId";
        var added = await PostStepAsync(browser, token, withBlankRow, 1, handler: "AddCoTraveler");
        Assert.Empty(added.QuerySelectorAll("[autofocus]"));
        Assert.Equal("Declaration_CoTravelers_1__Name", added.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-focus-field"));
        Assert.NotNull(added.GetElementById("Declaration_CoTravelers_1__Name"));
    }

    [Fact]
    public async Task The_find_page_summarizes_a_missing_code_with_a_link_to_the_marked_field()
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/declare/find", TestContext.Current.CancellationToken));

        var page = await (await browser.PostAsync("/declare/find?handler=ByCode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = "",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        var link = page.QuerySelector("[data-error-summary] a[href='#Code']");
        Assert.NotNull(link);
        Assert.Equal("true", page.GetElementById("Code")?.GetAttribute("aria-invalid"));
        Assert.Equal("Code-error", page.GetElementById("Code")?.GetAttribute("aria-describedby"));
        Assert.Equal(link.TextContent, page.GetElementById("Code-error")?.TextContent.Trim());
        Assert.StartsWith("错误：", page.Title, StringComparison.Ordinal);
        // The other form's fields are not marked.
        Assert.Null(page.GetElementById("IdNumber")?.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task A_page_without_errors_has_no_summary_and_no_error_in_its_title()
    {
        var page = Html.Parse(await App.CreateClient().GetStringAsync("/declare/find", TestContext.Current.CancellationToken));

        Assert.Null(page.QuerySelector("[data-error-summary]"));
        Assert.DoesNotContain("错误", page.Title, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("[aria-invalid]"));
    }

    [Fact]
    public async Task The_region_search_finds_counties_by_name_or_code_prefix()
    {
        var client = App.CreateClient();

        var byName = await (await client.GetAsync("/api/v1/regions?q=雁塔", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var byCode = await (await client.GetAsync("/api/v1/regions?q=6101", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var none = await (await client.GetAsync("/api/v1/regions?q=不存在的地方", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        var first = byName.EnumerateArray().First();
        Assert.Equal(("610113", "陕西省 西安市 雁塔区"), (first.GetProperty("code").GetString(), first.GetProperty("fullName").GetString()));
        var codes = byCode.EnumerateArray().Select(r => r.GetProperty("code").GetString()!).ToList();
        Assert.InRange(codes.Count, 2, 20);
        Assert.All(codes, code => Assert.StartsWith("6101", code, StringComparison.Ordinal));
        Assert.DoesNotContain("610100", codes);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task The_policy_editors_region_search_offers_provinces_and_cities_too_and_refuses_an_unknown_level()
    {
        var client = App.CreateClient();

        var any = await (await client.GetAsync("/api/v1/regions?q=西安&level=any", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var counties = await (await client.GetAsync("/api/v1/regions?q=西安&level=county", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var bad = await client.GetAsync("/api/v1/regions?q=西安&level=city", TestContext.Current.CancellationToken);

        var first = any.EnumerateArray().First();
        Assert.Equal(("610100", "陕西省 西安市"), (first.GetProperty("code").GetString(), first.GetProperty("fullName").GetString()));
        Assert.DoesNotContain(counties.EnumerateArray(), r => r.GetProperty("code").GetString() == "610100");
        var problem = await bad.AssertJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("level", out _));
    }
}
