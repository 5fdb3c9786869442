using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Pages;

public sealed class AdminRiskAreaPageTests(EntryControlApp app) : AppTest(app)
{
    private static async Task<string> TokenAsync(HttpClient browser) =>
        Html.AntiforgeryToken(await browser.GetStringAsync("/Admin/RiskAreas"));

    [Fact]
    public async Task An_admin_adds_a_designation_and_then_lifts_it()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var added = await browser.PostAsync("/Admin/RiskAreas?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Add.Region"] = "350322",
            ["Add.Area"] = "枫亭镇",
            ["Add.Level"] = "high",
            ["Add.From"] = "2021-08-27",
            ["__RequestVerificationToken"] = await TokenAsync(browser),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var list = Html.Parse(await browser.GetStringAsync("/Admin/RiskAreas", TestContext.Current.CancellationToken));
        Assert.StartsWith("已新增风险区域。", list.QuerySelector("[data-testid=message]")?.TextContent.Trim(), StringComparison.Ordinal);
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=risk-area]"));
        Assert.Contains("枫亭镇", row.TextContent, StringComparison.Ordinal);

        var lifted = await browser.PostAsync($"/Admin/RiskAreas?handler=Lift&id={row.GetAttribute("data-id")}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lastDay"] = "2021-10-01",
            ["__RequestVerificationToken"] = await TokenAsync(browser),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var to = await App.WithDbAsync(db => Task.FromResult(db.RiskAreas.Single().To));
        Assert.Equal(new DateOnly(2021, 10, 1), to);
    }

    [Fact]
    public async Task A_bad_designation_is_explained_next_to_each_field_and_nothing_is_stored()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var response = await browser.PostAsync("/Admin/RiskAreas?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Add.Region"] = "350000",
            ["Add.Level"] = "high",
            ["Add.From"] = "",
            ["__RequestVerificationToken"] = await TokenAsync(browser),
        }), TestContext.Current.CancellationToken);

        var page = await response.ParseAsync();
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-valmsg-for='Add.Region']")?.TextContent));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-valmsg-for='Add.From']")?.TextContent));
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.RiskAreas.Count())));
    }

    [Fact]
    public async Task A_csv_with_a_bad_row_shows_the_row_report_and_imports_nothing()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(browser)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("region,area,level,from,to\n533102,姐告国门社区,medium,2021-06-20,\n533102,,boiling,2021-06-20,\n533102," + new string('街', 101) + ",high,2021-06-20,\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "areas.csv");

        var response = await browser.PostAsync("/Admin/RiskAreas?handler=Import", form, TestContext.Current.CancellationToken);

        var report = (await response.ParseAsync()).QuerySelector("[data-testid=import-errors]");
        // In the page's language: where the error is, and FluentValidation's own messages with Chinese field names.
        Assert.Contains("第3行 风险等级：", report?.TextContent, StringComparison.Ordinal);
        Assert.Contains("第4行 区域：", report?.TextContent, StringComparison.Ordinal);
        Assert.Contains("'区域'", report?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("line ", report?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Area", report?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.RiskAreas.Count())));
    }

    [Fact]
    public async Task Staff_who_are_not_admins_cannot_open_the_registry_pages()
    {
        var admin = await App.AdminClientAsync();
        var email = "cc-page@test.entrycontrol.cn";
        (await admin.PostAsync("/api/v1/users", new StringContent($$"""{"email":"{{email}}","password":"Command-pass-1","role":"commandCenter"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var browser = await App.BrowserForAsync(email, "Command-pass-1");

        var response = await browser.GetAsync("/Admin/RiskAreas", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
