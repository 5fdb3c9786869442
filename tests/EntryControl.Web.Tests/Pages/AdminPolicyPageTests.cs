using System.Net;
using EntryControl.Rules;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminPolicyPageTests(EntryControlApp app) : AppTest(app)
{
    private PolicyCatalog Catalog => App.Services.GetRequiredService<PolicyCatalog>();

    [Fact]
    public async Task The_list_shows_every_policy_version_with_its_effective_dates()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var page = Html.Parse(await browser.GetStringAsync("/Admin/Policies", TestContext.Current.CancellationToken));

        var rows = page.QuerySelectorAll("[data-testid=policy]");
        Assert.Equal(Catalog.Policies.Count, rows.Length);
        var bayannur = rows.Single(r => r.GetAttribute("data-id") == "bayannur-2022-71" && r.GetAttribute("data-version") == "2");
        Assert.Contains("巴防指通告〔2022〕71号", bayannur.TextContent, StringComparison.Ordinal);
        Assert.Contains("2022-11-14", bayannur.TextContent, StringComparison.Ordinal);
        Assert.Contains("内蒙古自治区 巴彦淖尔市", bayannur.TextContent, StringComparison.Ordinal);
        Assert.NotNull(bayannur.QuerySelector("a[href='/Admin/Policies/bayannur-2022-71?version=2']"));
        // The test clock stands at 2022-11-17: every shipped notice is in force, its first reading replaced.
        Assert.NotNull(bayannur.QuerySelector("[data-testid=in-force]"));
        var first = rows.Single(r => r.GetAttribute("data-id") == "bayannur-2022-71" && r.GetAttribute("data-version") == "1");
        Assert.Null(first.QuerySelector("[data-testid=in-force]"));
        Assert.NotNull(first.QuerySelector("[data-testid=superseded]"));
    }

    [Fact]
    public async Task A_policy_shows_each_clause_in_the_original_its_rules_as_data_and_its_cases()
    {
        var policy = Catalog.Find("bayannur-2022-71")!;
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var page = Html.Parse(await browser.GetStringAsync("/Admin/Policies/bayannur-2022-71", TestContext.Current.CancellationToken));

        Assert.Equal("巴防指通告〔2022〕71号", page.Text("[data-testid=policy-title]"));
        Assert.Equal("2022-11-14 – 至今", page.Text("[data-testid=effective]"));
        var clauses = page.QuerySelectorAll("[data-testid=clause]");
        Assert.Equal(policy.Clauses.Count, clauses.Length);
        var first = clauses.Single(c => c.GetAttribute("data-number") == "一");
        Assert.Equal(policy.Clauses[0].Text, first.QuerySelector("[data-testid=clause-text]")?.TextContent);
        Assert.StartsWith("对7天内有高风险区旅居史来（返）我市人员，实行7天居家隔离", first.QuerySelector("[data-testid=clause-text]")?.TextContent, StringComparison.Ordinal);
        var rules = page.QuerySelectorAll("[data-testid=rule]");
        Assert.Equal(policy.Rules.Count, rules.Length);
        var keyRegion = rules.First(r => r.GetAttribute("data-kind") == "regionPrefix");
        Assert.Contains("新疆维吾尔自治区 (65)", keyRegion.TextContent, StringComparison.Ordinal);
        Assert.Contains("居家隔离（7 天）；核酸：第 1, 3, 5, 7 天", keyRegion.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"regionPrefix\"", keyRegion.QuerySelector("pre")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(policy.Cases.Count, page.QuerySelectorAll("[data-testid=case]").Length);
    }

    [Fact]
    public async Task A_corrected_reading_says_it_counts_from_leaving_and_the_first_reading_says_it_was_replaced()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var current = Html.Parse(await browser.GetStringAsync("/Admin/Policies/bayannur-2022-71", TestContext.Current.CancellationToken));
        var first = Html.Parse(await browser.GetStringAsync("/Admin/Policies/bayannur-2022-71?version=1", TestContext.Current.CancellationToken));

        var clauseOne = current.QuerySelectorAll("[data-testid=rule]").First(r => r.GetAttribute("data-kind") == "riskLevel");
        Assert.Contains("居家隔离（期限自离开风险区域之日起算，至离开后满 7 天止）；核酸：离开后第 1, 3, 5, 7 天", clauseOne.TextContent, StringComparison.Ordinal);
        Assert.Null(current.QuerySelector("[data-testid=superseded]"));
        var clauseFive = current.QuerySelectorAll("[data-testid=rule]").First(r => r.GetAttribute("data-kind") == "staysOutside");
        Assert.Contains("3天2检（3 天）；核酸：第 1, 3 天；仅为建议，检测不作逾期追踪", clauseFive.TextContent, StringComparison.Ordinal);
        Assert.Contains("第 2 版整体取代", first.Text("[data-testid=superseded]"), StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("[data-testid=superseded] a[href='/Admin/Policies/bayannur-2022-71?version=2']"));
    }

    [Fact]
    public async Task A_child_policy_names_the_groups_it_takes_from_its_parent_in_English_too()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var page = Html.Parse(await browser.GetStringAsync("/Admin/Policies/erenhot-2021-63?culture=en", TestContext.Current.CancellationToken));

        Assert.NotNull(page.QuerySelector("a[href='/Admin/Policies/nmg-2020-98']"));
        Assert.StartsWith("Rule groups taken from the parent:", page.Text("[data-testid=inherited]"), StringComparison.Ordinal);
        Assert.Equal("2021-07-07 – open", page.Text("[data-testid=effective]"));
    }

    [Fact]
    public async Task An_unknown_policy_or_version_is_a_404_page()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var unknown = await browser.GetAsync("/Admin/Policies/nowhere-2022-1", TestContext.Current.CancellationToken);
        var version = await browser.GetAsync("/Admin/Policies/bayannur-2022-71?version=9", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
        Assert.NotNull((await unknown.ParseAsync()).QuerySelector("[data-testid=status-page]"));
    }
}
