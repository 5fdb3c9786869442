using System.Net;
using System.Net.Http.Json;
using System.Text;
using EntryControl.Web.Tests.Infrastructure;
using EntryControl.Web.Tests.Pages;
using Serilog.Events;

namespace EntryControl.Web.Tests.Hardening;

/// <summary>Issue items 5 and 8: each family of input that answered 500, or was refused without a word, or logged a stack trace.</summary>
public sealed class EdgeInputTests(EntryControlApp app) : AppTest(app)
{
    private const string Nul = "a\u0000b";

    [Fact]
    public async Task A_nul_in_a_json_string_that_reaches_a_query_is_a_400_naming_the_field()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/auth/login", new StringContent(
            """{"email":"admin\u0000@test.entrycontrol.cn","password":"x"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("email");
    }

    [Fact]
    public async Task A_nul_in_a_query_parameter_is_a_400_naming_it()
    {
        var admin = await App.AdminClientAsync();

        var response = await admin.GetAsync("/api/v1/communities?region=" + Uri.EscapeDataString(Nul), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("region");
    }

    [Fact]
    public async Task A_control_character_in_a_route_value_is_a_400_naming_it()
    {
        // NUL itself never reaches a route (the server refuses it in a path); the other C0 characters do.
        var response = await App.CreateClient().GetAsync("/api/v1/declarations/a%01b", TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("code");
    }

    [Fact]
    public async Task Dates_at_the_ends_of_the_calendar_are_400s()
    {
        (await (await App.AdminClientAsync()).PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var worker = await App.StaffClientAsync("communityWorker", communities: ["150802001001"]);
        var command = await App.StaffClientAsync("commandCenter");
        var admin = await App.AdminClientAsync();

        await (await worker.GetAsync("/api/v1/follow-ups?on=9999-12-31", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("on");
        await (await command.GetAsync("/api/v1/reports/trend?to=0001-01-01", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("to");
        await (await admin.GetAsync("/api/v1/audit?to=9999-12-31", TestContext.Current.CancellationToken)).AssertValidationProblemAsync("to");
    }

    [Fact]
    public async Task An_audit_page_beyond_the_last_possible_offset_is_a_400()
    {
        var admin = await App.AdminClientAsync();

        var response = await admin.GetAsync("/api/v1/audit?page=2147483647", TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("page");
    }

    [Fact]
    public async Task An_unknown_charset_is_a_415_problem()
    {
        var response = await App.CreateClient().PostAsync("/api/v1/evaluations", new StringContent("{}", Encoding.UTF8, "application/json")
        {
            Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=klingon") },
        }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("klingon", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_yes_no_field_that_is_neither_is_reported_on_the_page()
    {
        var response = await App.CreateClient().GetAsync("/lookup?Input.Destination=150802&Input.HasCertificate=maybe", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("maybe", page.QuerySelector(".validation-summary-errors")?.TextContent, StringComparison.Ordinal);
        // In the page's language (Chinese first), not MVC's built-in English sentence.
        Assert.Contains("“maybe”不是", page.QuerySelector(".validation-summary-errors")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_form_with_a_nul_is_refused_with_a_message()
    {
        var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.PostFormAsync("/Account/Login", "/Account/Login", ("Email", Nul), ("Password", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        // The form reader refuses NUL itself: the neutral language's "could not be read (… such as NUL)".
        Assert.Contains("空字符", page.QuerySelector("[data-testid=status-message]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_form_without_a_valid_antiforgery_token_says_the_form_expired()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var response = await browser.PostAsync("/Admin/Checkpoints?handler=Delete&code=CP-X", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", "stale")]), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("表单已过期", page.QuerySelector("[data-testid=status-message]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_lift_on_the_risk_area_page_is_shown_as_an_error_not_a_success()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var response = await browser.PostFormAsync("/Admin/RiskAreas", $"/Admin/RiskAreas?handler=Lift&id={Guid.NewGuid()}", ("lastDay", "2022-11-20"));

        var page = await browser.FollowAsync(response);
        var message = page.QuerySelector("[data-testid=message]");
        Assert.NotNull(message);
        Assert.Contains("alert-danger", message.ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("alert-success", message.ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hundred_malformed_bodies_log_a_hundred_warnings_and_no_error_or_stack_trace()
    {
        var client = App.CreateClient();
        App.Logs.Clear();

        for (var i = 0; i < 100; i++)
        {
            var response = await client.PostAsync("/api/v1/evaluations", new StringContent("{\"destination\":", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var events = App.Logs.Events;
        Assert.DoesNotContain(events, e => e.Level >= LogEventLevel.Error);
        Assert.DoesNotContain(events, e => e.Exception is not null);
        Assert.Equal(100, events.Count(e => e.Level == LogEventLevel.Warning
            && e.Properties.TryGetValue("SourceContext", out var source) && source.ToString().Contains("ApiExceptionHandler", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_page_request_whose_form_cannot_be_read_is_a_4xx_with_a_message()
    {
        var browser = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno-end"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        var response = await browser.PostAsync("/Account/Login", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=status-message]")?.TextContent));
    }

    [Fact]
    public async Task A_refused_json_body_keeps_stored_data_unchanged()
    {
        var admin = await App.AdminClientAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001009", name = Nul, region = "150802" }, TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("name");
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Communities.Count())));
    }
}
