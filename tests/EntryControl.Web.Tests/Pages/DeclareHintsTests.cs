using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Pages;

/// <summary>
/// The wizard tells the traveler the destination policy's rules before they submit: the advance registration period
/// at the arrival step (Bayannur clause 七) and the look-back of the stays (Bayannur 7 days, Hulunbuir since 2021-08-27).
/// </summary>
public sealed class DeclareHintsTests(EntryControlApp app) : AppTest(app)
{
    private const string Linhe = "150802001001";
    private const string Hailar = "150702001001";

    private async Task<(HttpClient Browser, string Token)> OpenAsync(string culture = "")
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Linhe, name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Hailar, name = "正阳社区", region = "150702" })).EnsureSuccessStatusCode();
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        return (browser, Html.AntiforgeryToken(await browser.GetStringAsync("/declare" + culture)));
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> StepAsync(HttpClient browser, string token, string community, string arrivalDate, string culture = "")
    {
        var fields = new Dictionary<string, string>
        {
            ["Declaration.Traveler.Name"] = "张三",
            ["Declaration.Traveler.IdType"] = "residentId",
            ["Declaration.Traveler.IdNumber"] = "11010519491231002X",
            ["Declaration.Traveler.Phone"] = "13800000000",
            ["Declaration.Community"] = community,
            ["Declaration.Address"] = "新华街 1 号",
            ["Input.ArrivalDate"] = arrivalDate,
            ["Input.ArrivalTime"] = "10:00",
            ["Input.HomeIsolationFeasible"] = "true",
            ["Step"] = "2",
            ["__RequestVerificationToken"] = token,
        };
        return await (await browser.PostAsync("/declare?handler=Next" + culture, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken)).ParseAsync();
    }

    [Fact]
    public async Task An_arrival_in_Bayannur_two_days_ahead_is_warned_with_clause_seven_and_one_four_days_ahead_is_not()
    {
        var (browser, token) = await OpenAsync();

        // The test clock stands at 2022-11-17 10:00: 11-19 10:00 is two days ahead, 11-21 four.
        var soon = await StepAsync(browser, token, Linhe, "2022-11-19");
        var warning = soon.QuerySelector("[data-testid=late-warning]")!;
        Assert.False(warning.HasAttribute("hidden"));
        Assert.Equal("巴彦淖尔市要求提前3天报备（巴防指通告〔2022〕71号 七）。所选到达时间距现在不足3天，本次报备将记为迟报。", warning.TextContent.Trim());
        Assert.Contains("提前3天报备", soon.QuerySelector("[data-testid=late-warning-trip]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("3", soon.QuerySelector($"option[value='{Linhe}']")?.GetAttribute("data-advance-days"));
        Assert.True(string.IsNullOrEmpty(soon.QuerySelector($"option[value='{Hailar}']")?.GetAttribute("data-advance-rule")));

        var ahead = await StepAsync(browser, token, Linhe, "2022-11-21");
        Assert.True(ahead.QuerySelector("[data-testid=late-warning]")!.HasAttribute("hidden"));
        Assert.Null(ahead.QuerySelector("[data-testid=late-warning-trip]"));

        var english = await StepAsync(browser, token, Linhe, "2022-11-19", "&culture=en");
        Assert.Contains("register 3 days before arriving (巴防指通告〔2022〕71号 七)", english.QuerySelector("[data-testid=late-warning]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stays_hint_names_the_look_back_of_the_destination_policy()
    {
        var (browser, token) = await OpenAsync();

        var bayannur = await StepAsync(browser, token, Linhe, "2022-11-21");
        var hulunbuir = await StepAsync(browser, token, Hailar, "2022-11-21");
        var hulunbuirEnglish = await StepAsync(browser, token, Hailar, "2022-11-21", "&culture=en");

        Assert.Contains("近7天", bayannur.QuerySelector("[data-testid=stays-hint]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("自2021年8月27日以来", hulunbuir.QuerySelector("[data-testid=stays-hint]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("since 27 August 2021", hulunbuirEnglish.QuerySelector("[data-testid=stays-hint]")?.TextContent, StringComparison.Ordinal);
    }
}
