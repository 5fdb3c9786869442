using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Pages;

public sealed class LookupPageTests(EntryControlApp app) : AppTest(app)
{
    private const string KeyRegionTrip =
        "Input.Destination=150802&Input.ArrivalDate=2022-11-20&Input.ArrivalTime=10:00" +
        "&Input.Stays[0].Region=150102&Input.Stays[0].From=2022-11-16&Input.Stays[0].To=2022-11-19" +
        "&Input.HasCertificate=true&Input.SampledAt=2022-11-19T09:00&Input.CertificateResult=negative&Input.HomeIsolationFeasible=true";

    private async Task<IHtmlDocument> GetAsync(string query)
    {
        var html = await App.CreateClient().GetStringAsync("/lookup?" + query, TestContext.Current.CancellationToken);
        return new HtmlParser().ParseDocument(html);
    }

    [Fact]
    public async Task A_Hohhot_stay_shows_seven_days_home_isolation_with_four_test_days_and_the_clause_quoted()
    {
        var page = await GetAsync(KeyRegionTrip);

        Assert.Equal("homeIsolation", page.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));
        Assert.Equal("居家隔离", page.QuerySelector("[data-testid=measure]")?.TextContent.Trim());
        var phase = Assert.Single(page.QuerySelectorAll("[data-testid=phase]"));
        Assert.Equal("2022-11-20", phase.GetAttribute("data-start"));
        Assert.Equal("2022-11-26", phase.GetAttribute("data-end"));
        Assert.Equal(4, phase.QuerySelectorAll("[data-testid=tests] li").Length);
        Assert.Equal(4, phase.QuerySelectorAll("td.test-day").Length);
        Assert.Contains("呼和浩特市", page.QuerySelector("[data-testid=clauses]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=landing-test]"));
    }

    [Fact]
    public async Task Clause_five_says_its_two_tests_are_only_advised()
    {
        // Another city of Inner Mongolia (包头市): Bayannur 五, "建议实行'3天2检'".
        var page = await GetAsync(KeyRegionTrip.Replace("Stays[0].Region=150102", "Stays[0].Region=150202", StringComparison.Ordinal));

        Assert.Equal("threeDayTwoTests", page.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));
        Assert.Equal("建议", page.QuerySelector("[data-testid=measure-advised]")?.TextContent.Trim());
        var phase = Assert.Single(page.QuerySelectorAll("[data-testid=phase]"));
        Assert.Equal("true", phase.GetAttribute("data-advisory"));
        Assert.Equal("建议", phase.QuerySelector("[data-testid=advised]")?.TextContent.Trim());

        var keyRegion = await GetAsync(KeyRegionTrip);
        Assert.Null(keyRegion.QuerySelector("[data-testid=advised]"));
        Assert.Null(keyRegion.QuerySelector("[data-testid=measure-advised]"));
    }

    [Fact]
    public async Task A_decision_gives_the_notices_hotlines_and_says_when_the_notice_is_old()
    {
        // Erenhot (seed 002): "市民要主动拨打我市疾控中心咨询电话（联系方式附后）". In force since 2021-07-07: by the
        // test clock (2022-11-17) more than 180 days old, so a newer notice may apply.
        var erenhot = await GetAsync("Input.Destination=152501&Input.ArrivalDate=2022-11-20&Input.ArrivalTime=10:00&Input.HomeIsolationFeasible=true");
        Assert.Contains("0479-7539330", erenhot.QuerySelector("[data-testid=hotlines]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("0479-7526224", erenhot.QuerySelector("[data-testid=hotlines]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("超过 180 天", erenhot.QuerySelector("[data-testid=stale-notice]")?.TextContent, StringComparison.Ordinal);

        // Bayannur's notice took effect three days before the test clock: not old, no hotlines, and the 7-day window
        // is marked as our reading.
        var bayannur = await GetAsync(KeyRegionTrip);
        Assert.Null(bayannur.QuerySelector("[data-testid=stale-notice]"));
        Assert.Null(bayannur.QuerySelector("[data-testid=hotlines]"));
        Assert.Contains("2022-11-14", bayannur.QuerySelector("[data-testid=decision-policy]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("解读：“7天内”按抵达日前7天至抵达当日（含首尾）计算。", bayannur.QuerySelector("[data-testid=reading]")?.TextContent.Trim());
        Assert.Contains("新疆、西藏、甘肃省兰州市", bayannur.QuerySelector("[data-testid=clauses]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_lookup_in_English_explains_in_English()
    {
        var page = await GetAsync(KeyRegionTrip + "&culture=en");

        Assert.Equal("Home isolation", page.QuerySelector("[data-testid=measure]")?.TextContent.Trim());
        Assert.Contains("Clause 4 (四)", page.QuerySelector("[data-testid=clauses]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Designated_areas_of_a_stays_county_appear_as_checkboxes_and_count_when_ticked()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "110101", area = "东华门街道", level = "high", from = "2022-11-10" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        const string trip = "Input.Destination=150802&Input.ArrivalDate=2022-11-20&Input.ArrivalTime=10:00" +
            "&Input.Stays[0].Region=110101&Input.Stays[0].From=2022-11-14&Input.Stays[0].To=2022-11-18";

        var unticked = await GetAsync(trip);
        var checkbox = unticked.QuerySelector("input[type=checkbox][name='Input.Stays[0].Areas']");
        Assert.Equal("东华门街道", checkbox?.GetAttribute("value"));
        Assert.Equal("threeDayTwoTests", unticked.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));

        var ticked = await GetAsync(trip + "&Input.Stays[0].Areas=%E4%B8%9C%E5%8D%8E%E9%97%A8%E8%A1%97%E9%81%93");
        Assert.Equal("homeIsolation", ticked.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));
        Assert.NotNull(ticked.QuerySelector("input[type=checkbox][name='Input.Stays[0].Areas'][checked]"));
    }

    [Theory]
    [InlineData("", "请选择目的地（旗县区）。")]
    [InlineData("&culture=en", "Choose the destination county.")]
    public async Task A_missing_destination_is_explained_next_to_the_field_in_the_chosen_language(string culture, string message)
    {
        var page = await GetAsync("Input.Destination=&Input.ArrivalDate=2022-11-20" + culture);

        Assert.Equal(message, page.QuerySelector("[data-valmsg-for='Input.Destination']")?.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=decision]"));
    }

    [Fact]
    public async Task A_stay_ending_before_it_starts_is_explained_on_that_stay()
    {
        var page = await GetAsync("Input.Destination=150802&Input.ArrivalDate=2022-11-20" +
            "&Input.Stays[0].Region=&Input.Stays[0].From=&Input.Stays[0].To=&Input.Stays[1].Region=610113&Input.Stays[1].From=2022-11-18&Input.Stays[1].To=2022-11-16");

        Assert.Equal("结束日期不能早于开始日期。", page.QuerySelector("[data-valmsg-for='Input.Stays[1].To']")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_arrival_before_any_policy_says_no_policy_is_in_force()
    {
        var page = await GetAsync("Input.Destination=150102&Input.ArrivalDate=2020-05-10&Input.ArrivalTime=12:00");

        Assert.NotNull(page.QuerySelector("[data-testid=no-policy]"));
    }
}
