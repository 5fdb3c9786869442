using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Pages;

public sealed class AmendPageTests(EntryControlApp app) : AppTest(app)
{
    private async Task<string> DeclareAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task The_amend_page_is_prefilled_and_saving_a_new_stay_re_decides()
    {
        var code = await DeclareAsync();
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = Html.Parse(await browser.GetStringAsync($"/d/{code}/edit", TestContext.Current.CancellationToken));
        Assert.Equal("610113", form.QuerySelector("input[name='Input.Stays[0].Region']")?.GetAttribute("value"));
        Assert.Equal("2022-11-20", form.QuerySelector("input[name='Input.ArrivalDate']")?.GetAttribute("value"));
        Assert.Contains("110105********002X", form.QuerySelector("p.text-muted")?.TextContent, StringComparison.Ordinal);

        var saved = await browser.PostAsync($"/d/{code}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Declaration.Community"] = "150802001001",
            ["Declaration.Address"] = "临河区新华街 2 号",
            ["Declaration.Attestation"] = "true",
            ["Input.ArrivalDate"] = "2022-11-20",
            ["Input.ArrivalTime"] = "10:00",
            ["Input.Stays[0].Region"] = "150102",
            ["Input.Stays[0].From"] = "2022-11-16",
            ["Input.Stays[0].To"] = "2022-11-19",
            ["Input.HomeIsolationFeasible"] = "true",
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(form.DocumentElement.OuterHtml),
        }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/d/{code}/edit", saved.Headers.Location?.OriginalString);
        var confirmation = Html.Parse(await browser.GetStringAsync(saved.Headers.Location!.OriginalString, TestContext.Current.CancellationToken));
        var changes = confirmation.QuerySelectorAll("[data-testid=amend-saved] [data-testid=change-field]")
            .Zip(confirmation.QuerySelectorAll("[data-testid=amend-saved] [data-testid=change]"), (field, change) => $"{field.TextContent}: {change.TextContent}")
            .ToList();
        Assert.Contains("详细住址: 临河区新华街 1 号 → 临河区新华街 2 号", changes);
        Assert.Contains("近期旅居史: 雁塔区 2022-11-16–2022-11-19 → 新城区 2022-11-16–2022-11-19", changes);
        Assert.Contains("管控措施: 3天2检 → 居家隔离", changes);
        Assert.DoesNotContain(changes, c => c.StartsWith("抵达时间", StringComparison.Ordinal));
        // Shown once: a reload of the page is the plain amend form again.
        Assert.Null(Html.Parse(await browser.GetStringAsync($"/d/{code}/edit", TestContext.Current.CancellationToken)).QuerySelector("[data-testid=amend-saved]"));
        var view = Html.Parse(await browser.GetStringAsync($"/d/{code}", TestContext.Current.CancellationToken));
        Assert.Equal("homeIsolation", view.QuerySelector("[data-testid=decision]")?.GetAttribute("data-measure"));
        Assert.Equal(2, await App.WithDbAsync(db => Task.FromResult(db.DecisionRecords.Count())));
    }

    [Fact]
    public async Task After_arrival_the_amend_page_is_read_only()
    {
        var code = await DeclareAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 12, 0, 0, TimeSpan.FromHours(8)));

        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}/edit", TestContext.Current.CancellationToken));

        Assert.NotNull(page.QuerySelector("[data-testid=read-only]"));
        Assert.Null(page.QuerySelector("[data-testid=amend-form]"));
    }

    [Fact]
    public void Every_message_exists_in_both_languages_and_english_is_not_chinese()
    {
        var resources = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "EntryControl.Web", "Resources");
        static Dictionary<string, string> Load(string file) => XDocument.Load(file).Root!.Elements("data")
            .ToDictionary(e => e.Attribute("name")!.Value, e => e.Element("value")!.Value);
        var chinese = Load(Path.Combine(resources, "SharedResource.resx"));
        var english = Load(Path.Combine(resources, "SharedResource.en.resx"));

        Assert.Equal(chinese.Keys.Order(StringComparer.Ordinal), english.Keys.Order(StringComparer.Ordinal));
        Assert.All(chinese.Keys.Where(k => k.StartsWith("Declaration.", StringComparison.Ordinal) || k.StartsWith("Eval.", StringComparison.Ordinal)), key =>
        {
            Assert.Contains(chinese[key], c => c >= '\u4e00' && c <= '\u9fff');
            Assert.DoesNotContain(english[key], c => c >= '\u4e00' && c <= '\u9fff');
        });
    }
}
