using System.Net;
using AngleSharp.Html.Parser;
using EntryControl.Web.Infrastructure.Logging;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Foundation;

public sealed class PlatformTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        var client = App.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live", TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_api()
    {
        var document = await App.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("/api/v1/auth/login", document, StringComparison.Ordinal);
        Assert.Contains("/api/v1/communities/{code}", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem_and_an_unknown_page_is_a_friendly_page()
    {
        var client = App.CreateClient();

        await (await client.GetAsync("/api/v1/nothing-here", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var page = await client.GetAsync("/nothing-here", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("页面不存在", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_speaks_Chinese_first_and_English_after_the_switch()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        var chinese = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("来（返）人员报备与卡口查验", chinese, StringComparison.Ordinal);
        // The notices say 入境 only of arrivals from abroad; everyone else is 来（返）.
        Assert.DoesNotContain("入境报备", chinese, StringComparison.Ordinal);

        var switched = await client.GetAsync("/culture/en?returnUrl=%2F", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var english = await switched.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Entry declaration and checkpoint verification", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_never_redirects_off_site()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture/en?returnUrl=https%3A%2F%2Fevil.example%2F", TestContext.Current.CancellationToken);

        Assert.Equal("/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Staff_sign_in_page_shows_errors_then_signs_in_with_the_cookie()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        var form = await client.GetStringAsync("/Account/Login", TestContext.Current.CancellationToken);
        var token = Html.AntiforgeryToken(form);

        var wrong = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = "wrong-password",
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        Assert.Contains("邮箱或密码不正确", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var empty = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        var emptyPage = new HtmlParser().ParseDocument(await empty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("请输入电子邮箱。", emptyPage.QuerySelector("[data-valmsg-for=Email]")?.TextContent.Trim());
        Assert.Equal("请输入密码。", emptyPage.QuerySelector("[data-valmsg-for=Password]")?.TextContent.Trim());

        var signedIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = EntryControlApp.AdminEmail,
            ["Password"] = EntryControlApp.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        var home = new HtmlParser().ParseDocument(await signedIn.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(EntryControlApp.AdminEmail, home.QuerySelector("[data-testid=signed-in-as]")?.TextContent.Trim());

        // The cookie also authenticates API calls from the portal's own pages.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_signed_out_browser_asking_for_the_api_gets_401_not_a_login_redirect()
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/v1/users", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("traveler 110105194912310021 called", "traveler 110***********0021 called")]
    [InlineData("phone 13800138000", "phone 138****8000")]
    [InlineData("id 11010519491231002X", "id 110***********002X")]
    [InlineData("order 12345", "order 12345")]
    [InlineData("/d/0b1fFX_NUORxsZZQsGoO1Q", "/d/{code}")]
    [InlineData("/api/v1/declarations/0b1fFX_NUORxsZZQsGoO1Q/qr.svg", "/api/v1/declarations/{code}/qr.svg")]
    public void Personal_data_in_log_properties_is_masked(string text, string expected) =>
        Assert.Equal(expected, PersonalDataMasking.Mask(text));

}
