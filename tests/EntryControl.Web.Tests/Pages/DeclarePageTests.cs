using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

/// <summary>The declaration wizard over HTTP with antiforgery, as a browser without JavaScript uses it.</summary>
public sealed class DeclarePageTests(EntryControlApp app) : AppTest(app)
{
    private static Dictionary<string, string> Filled() => new()
    {
        ["Declaration.Traveler.Name"] = "张三",
        ["Declaration.Traveler.IdType"] = "residentId",
        ["Declaration.Traveler.IdNumber"] = "11010519491231002X",
        ["Declaration.Traveler.Phone"] = "13800000000",
        ["Declaration.CoTravelers[0].Name"] = "李四",
        ["Declaration.CoTravelers[0].IdType"] = "passport",
        ["Declaration.CoTravelers[0].IdNumber"] = "E12345678",
        ["Declaration.CoTravelers[1].Name"] = "张小三",
        ["Declaration.CoTravelers[1].IdType"] = "residentId",
        ["Declaration.CoTravelers[1].IdNumber"] = "110105201501010017",
        ["Declaration.Community"] = "150802001001",
        ["Declaration.Address"] = "临河区新华街 1 号",
        ["Input.ArrivalDate"] = "2022-11-20",
        ["Input.ArrivalTime"] = "10:00",
        ["Input.Stays[0].Region"] = "150102",
        ["Input.Stays[0].From"] = "2022-11-16",
        ["Input.Stays[0].To"] = "2022-11-19",
        ["Input.HomeIsolationFeasible"] = "true",
        ["Input.Occupation"] = "none",
        ["Input.TravelerType"] = "person",
    };

    private Task<(HttpClient Browser, string Token)> OpenAsync(string culture = "") => DeclareWizard.OpenAsync(App, culture);

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields, string token, int step) => DeclareWizard.Form(fields, token, step);

    [Fact]
    public async Task A_family_of_three_walks_the_four_steps_and_lands_on_the_confirmation_with_a_qr_code()
    {
        var (browser, token) = await OpenAsync();
        var fields = Filled();

        for (var step = 1; step <= 3; step++)
        {
            var next = await (await browser.PostAsync("/declare?handler=Next", Form(fields, token, step), TestContext.Current.CancellationToken)).ParseAsync();
            Assert.Equal((step + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), next.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-step"));
        }

        var review = await (await browser.PostAsync("/declare?handler=Next", Form(fields, token, 3), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("homeIsolation", review.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));

        fields["Declaration.Attestation"] = "true";
        var submitted = await browser.PostAsync("/declare?handler=Submit", Form(fields, token, 4), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var location = submitted.Headers.Location!.ToString();
        Assert.StartsWith("/d/", location, StringComparison.Ordinal);

        var confirmation = Html.Parse(await browser.GetStringAsync(location, TestContext.Current.CancellationToken));
        Assert.Equal("110105********002X", confirmation.QuerySelector("[data-testid=id-number]")?.TextContent.Trim());
        Assert.Equal("按时报备", confirmation.QuerySelector("[data-testid=registration]")?.TextContent.Trim());
        Assert.StartsWith("/api/v1/declarations/", confirmation.QuerySelector("[data-testid=qr]")?.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(3, confirmation.QuerySelectorAll("[data-testid=group] li").Length);
        Assert.Equal(3, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Theory]
    [InlineData("", "请填写姓名。", "身份证号码不正确（请核对出生日期和最后一位校验码）。", "手机号码应为 11 位数字。")]
    [InlineData("?culture=en", "Enter the name.", "The resident ID number is not valid (check the birth date and the last character).", "The mobile phone number must have 11 digits.")]
    public async Task Step_one_explains_each_bad_field_in_the_chosen_language(string culture, string name, string idNumber, string phone)
    {
        var (browser, token) = await OpenAsync(culture);
        var fields = Filled();
        fields["Declaration.Traveler.Name"] = "";
        fields["Declaration.Traveler.IdNumber"] = "110105194912310021";
        fields["Declaration.Traveler.Phone"] = "1380000";

        var page = await (await browser.PostAsync("/declare?handler=Next" + culture.Replace('?', '&'), Form(fields, token, 1), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("1", page.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-step"));
        Assert.Equal(name, page.QuerySelector("[data-valmsg-for='Declaration.Traveler.Name']")?.TextContent.Trim());
        Assert.Equal(idNumber, page.QuerySelector("[data-valmsg-for='Declaration.Traveler.IdNumber']")?.TextContent.Trim());
        Assert.Equal(phone, page.QuerySelector("[data-valmsg-for='Declaration.Traveler.Phone']")?.TextContent.Trim());
    }

    [Fact]
    public async Task Submitting_without_the_attestation_stays_on_review_and_stores_nothing()
    {
        var (browser, token) = await OpenAsync();

        var page = await (await browser.PostAsync("/declare?handler=Submit", Form(Filled(), token, 4), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("4", page.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-step"));
        Assert.Equal("请确认所填信息真实准确。", page.QuerySelector("[data-valmsg-for='Declaration.Attestation']")?.TextContent.Trim());
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Fact]
    public async Task A_bad_stay_sends_the_traveler_back_to_the_trip_step_with_the_message_on_that_stay()
    {
        var (browser, token) = await OpenAsync();
        var fields = Filled();
        fields["Input.Stays[0].To"] = "2022-11-10";

        var page = await (await browser.PostAsync("/declare?handler=Next", Form(fields, token, 3), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("3", page.QuerySelector("[data-testid=declare-form]")?.GetAttribute("data-step"));
        Assert.Equal("结束日期不能早于开始日期。", page.QuerySelector("[data-valmsg-for='Input.Stays[0].To']")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_traveler_finds_the_declaration_by_document_and_phone_and_cancels_it()
    {
        var (browser, token) = await OpenAsync();
        var fields = Filled();
        fields["Declaration.Attestation"] = "true";
        var location = (await browser.PostAsync("/declare?handler=Submit", Form(fields, token, 4), TestContext.Current.CancellationToken)).Headers.Location!.ToString().Split('?')[0];

        var findToken = Html.AntiforgeryToken(await browser.GetStringAsync("/declare/find", TestContext.Current.CancellationToken));
        var found = await (await browser.PostAsync("/declare/find?handler=ByTraveler", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["IdNumber"] = "11010519491231002x",
            ["Phone"] = "13800000000",
            ["__RequestVerificationToken"] = findToken,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal(location, found.QuerySelector("[data-testid=found] a")?.GetAttribute("href"));

        var viewToken = Html.AntiforgeryToken(await browser.GetStringAsync(location, TestContext.Current.CancellationToken));
        var cancelled = await (await browser.PostAsync(location + "?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = viewToken,
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.NotNull(cancelled.QuerySelector("[data-testid=cancelled]"));
        Assert.Null(cancelled.QuerySelector("[data-testid=cancel]"));
        // A void code shows no QR and no "bring this QR code to the checkpoint".
        Assert.Null(cancelled.QuerySelector("[data-testid=qr]"));
        Assert.Null(cancelled.QuerySelector("[data-testid=bring]"));
        Assert.Contains("二维码已作废", cancelled.QuerySelector("[data-testid=qr-void]")?.TextContent, StringComparison.Ordinal);
        var reopened = Html.Parse(await browser.GetStringAsync(location, TestContext.Current.CancellationToken));
        Assert.Null(reopened.QuerySelector("[data-testid=qr]"));
    }

    [Fact]
    public async Task Two_declarations_of_one_traveler_are_told_apart_by_arrival_and_destination()
    {
        var (browser, _) = await OpenAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "152501001001", name = "前进社区", region = "152501" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var traveler = App.CreateClient();
        (await traveler.PostAsJsonAsync("/api/v1/declarations", Declarations.DeclarationApiTests.Body(arrivalAt: "2022-11-20T10:00:00+08:00"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var erenhot = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Declarations.DeclarationApiTests.Body(arrivalAt: "2022-11-22T15:30:00+08:00")))!;
        erenhot["community"] = "152501001001";
        (await traveler.PostAsJsonAsync("/api/v1/declarations", erenhot, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var findToken = Html.AntiforgeryToken(await browser.GetStringAsync("/declare/find", TestContext.Current.CancellationToken));
        var found = await (await browser.PostAsync("/declare/find?handler=ByTraveler", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["IdNumber"] = "11010519491231002X",
            ["Phone"] = "13800000000",
            ["__RequestVerificationToken"] = findToken,
        }), TestContext.Current.CancellationToken)).ParseAsync();

        var items = found.QuerySelectorAll("[data-testid=found-item]");
        Assert.Equal(2, items.Length);
        Assert.Equal("抵达：2022-11-22 15:30", items[0].QuerySelector("[data-testid=found-arrival]")?.TextContent.Trim());
        Assert.Equal("目的地：二连浩特市 前进社区", items[0].QuerySelector("[data-testid=found-destination]")?.TextContent.Trim());
        Assert.Equal("抵达：2022-11-20 10:00", items[1].QuerySelector("[data-testid=found-arrival]")?.TextContent.Trim());
        Assert.Equal("目的地：临河区 新华社区", items[1].QuerySelector("[data-testid=found-destination]")?.TextContent.Trim());
    }
}
