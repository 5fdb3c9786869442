using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Pages;

/// <summary>The traveler's progress and notice, and the worker's release form with an override.</summary>
public sealed class LifecyclePageTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Code)> ArrangeAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "xinhua@test.entrycontrol.cn", password = Password, role = "communityWorker", communities = new[] { "150802001001" } }, Ct)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task The_travelers_page_shows_the_day_of_the_phase_in_chinese_and_english_and_the_notice_is_404_until_released()
    {
        var (_, code) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 9, 0, 0, China));

        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}", Ct));
        Assert.Equal("第 2 天 / 共 3 天", page.QuerySelector("[data-testid=progress-text]")?.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=notice-link]"));
        var english = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}?culture=en", Ct));
        Assert.Equal("Day 2 of 3", english.QuerySelector("[data-testid=progress-text]")?.TextContent.Trim());

        var notice = await App.CreateClient().GetAsync($"/d/{code}/release", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notice.StatusCode);
        Assert.NotNull(Html.Parse(await notice.Content.ReadAsStringAsync(Ct)).QuerySelector("[data-testid=not-released]"));
    }

    [Fact]
    public async Task The_worker_overrides_a_release_with_a_reason_from_the_page_and_is_told_when_the_reason_is_missing()
    {
        var (id, code) = await ArrangeAsync();
        // The last day is over, but no test was taken: the card offers only the override.
        App.Clock.Set(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China));
        var worker = await App.BrowserForAsync("xinhua@test.entrycontrol.cn", Password);
        var html = await worker.GetStringAsync("/community", Ct);
        var card = Html.Parse(html).QuerySelector($"[data-testid=release-{id:N}]");
        Assert.NotNull(card);
        Assert.Null(card.QuerySelector("[data-testid=release]"));
        Assert.Contains("有检测未做或结果未出", card.QuerySelector("[data-testid=release-blockers]")?.TextContent, StringComparison.Ordinal);

        Dictionary<string, string> Form(string reason) => new()
        {
            ["declarationId"] = id.ToString(),
            ["override"] = "true",
            ["reason"] = reason,
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(html),
        };
        var refused = await worker.PostAsync("/community?handler=Release&on=2022-11-23", new FormUrlEncodedContent(Form("  ")), Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("强制解除须填写原因", Html.Parse(await refused.Content.ReadAsStringAsync(Ct)).QuerySelector("[data-testid=release-error]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.MeasureReleases.CountAsync()));

        var released = await worker.PostAsync("/community?handler=Release&on=2022-11-23", new FormUrlEncodedContent(Form("本人已离开本市，经街道核实")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        var stored = await App.WithDbAsync(db => db.MeasureReleases.SingleAsync());
        Assert.Equal((true, "本人已离开本市，经街道核实"), (stored.Override, stored.Reason));

        var notice = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}/release", Ct));
        Assert.Equal("张三", notice.QuerySelector("[data-testid=notice-name]")?.TextContent);
        Assert.Contains("新华社区", notice.QuerySelector("[data-testid=notice-community]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync($"/api/v1/releases/{stored.VerificationCode}/qr.svg", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync($"/api/v1/releases/{code}/qr.svg", Ct)).StatusCode);
    }
}
