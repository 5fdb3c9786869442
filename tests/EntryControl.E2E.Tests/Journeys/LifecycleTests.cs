using System.Net;
using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>The end of a measure on the worker's phone: a late result, the one-tap release (解除) and the traveler's notice.</summary>
public sealed class LifecycleTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Staff-pass-123";
    private const string WorkerEmail = "worker.lifecycle@test.entrycontrol.cn";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private async Task<IPage> OpenAsync(DateTimeOffset at, int width, int height, string locale = "zh-CN")
    {
        App.Clock.Set(at);
        var page = await (await NewContextAsync(locale)).NewPageAsync();
        await page.Clock.SetFixedTimeAsync(at.UtcDateTime);
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    private async Task<(Guid Id, string Code)> ArrangeAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        await App.CheckpointWithOfficerAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = Password, role = "communityWorker", communities = new[] { Arrange.Community } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var code = await App.DeclareAsync(Arrange.Traveler());
        var id = await App.WithDbAsync(db => db.Declarations.Where(d => d.Code == code).Select(d => d.Id).SingleAsync());
        return (id, code);
    }

    private async Task RecordAsync(Guid declarationId, string date, string sampledAt, DateTimeOffset now)
    {
        App.Clock.Set(now);
        var worker = await App.ClientForAsync(WorkerEmail, Password);
        await (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId, date, kind = "nat", sampledAt, result = "negative" }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_worker_releases_a_traveler_with_one_tap_and_the_traveler_prints_the_notice_whose_qr_code_verifies_it()
    {
        var (id, code) = await ArrangeAsync();
        await RecordAsync(id, "2022-11-20", "2022-11-20T16:00:00+08:00", new DateTimeOffset(2022, 11, 20, 17, 0, 0, China));
        await RecordAsync(id, "2022-11-22", "2022-11-22T09:00:00+08:00", new DateTimeOffset(2022, 11, 22, 10, 0, 0, China));

        // The morning after the last day, on the worker's phone: 张三 awaits release at the top, releasable in one tap.
        var worker = await OpenAsync(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), 390, 844);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        await Expect(worker.GetByTestId("count-release")).ToHaveTextAsync("1");
        var card = worker.GetByTestId($"release-{id:N}");
        await Expect(card).ToContainTextAsync("张三");
        await Expect(card).ToContainTextAsync("2022-11-20 – 2022-11-22");
        await Expect(card.GetByTestId("release-override")).ToHaveCountAsync(0);
        await ScreenshotAsync("1-worker-awaiting-release", worker);
        await card.GetByTestId("release").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToContainTextAsync("已解除");
        await Expect(worker.GetByTestId("count-release")).ToHaveTextAsync("0");
        await ScreenshotAsync("2-worker-released", worker);

        // The traveler: the declaration says released and links to the notice; the notice prints on A4.
        var traveler = await OpenAsync(new DateTimeOffset(2022, 11, 23, 9, 30, 0, China), 390, 844);
        await traveler.GotoAsync($"/d/{code}");
        await Expect(traveler.GetByTestId("progress-text")).ToHaveTextAsync("已解除");
        await traveler.GetByTestId("notice-link").ClickAsync();
        await traveler.WaitForURLAsync($"**/d/{code}/release");
        await traveler.SetViewportSizeAsync(794, 1123);
        await Expect(traveler.GetByTestId("notice-name")).ToHaveTextAsync("张三");
        await Expect(traveler.GetByTestId("notice-id")).ToHaveTextAsync("110105********002X");
        await Expect(traveler.GetByTestId("notice-statement")).ToContainTextAsync("2022-11-20 至 2022-11-22");
        await Expect(traveler.GetByTestId("notice-tests")).ToContainTextAsync("2022-11-20 · 核酸检测 · 阴性");
        await Expect(traveler.GetByTestId("notice-tests")).ToContainTextAsync("2022-11-22 · 核酸检测 · 阴性");
        await Expect(traveler.GetByTestId("notice-community")).ToContainTextAsync("新华社区");
        await Expect(traveler.GetByTestId("notice-date")).ToHaveTextAsync("2022-11-23 09:00");
        Assert.True(await traveler.GetByTestId("notice-qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await ScreenshotAsync("3-release-notice-a4", traveler, fullPage: true);
        await traveler.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await ScreenshotAsync("4-release-notice-print", traveler, fullPage: true);
        await Expect(traveler.GetByTestId("print")).ToBeHiddenAsync();
        // The notice's title and signature are part of it, not of the site's chrome that print hides.
        await Expect(traveler.GetByRole(AriaRole.Heading, new() { Name = "解除管控告知书" })).ToBeVisibleAsync();
        await Expect(traveler.GetByTestId("notice-sign")).ToBeVisibleAsync();

        // The QR code opens the portal's own confirmation, by the notice's verification code (not the declaration's code).
        var verification = await App.WithDbAsync(db => db.MeasureReleases.Select(r => r.VerificationCode).SingleAsync());
        Assert.NotEqual(code, verification);
        var check = await OpenAsync(new DateTimeOffset(2022, 11, 24, 9, 0, 0, China), 390, 844);
        await check.GotoAsync($"/release/{verification}");
        await Expect(check.GetByTestId("verified")).ToContainTextAsync("真实有效");
        await Expect(check.GetByTestId("notice-name")).ToHaveTextAsync("张三");
        ExpectConsoleError("404");
        var bogus = await check.GotoAsync("/release/AAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(404, bogus!.Status);
        await Expect(check.GetByTestId("not-released")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_worker_records_a_sample_then_enters_its_result_when_the_lab_answers()
    {
        await ArrangeAsync();

        var worker = await OpenAsync(new DateTimeOffset(2022, 11, 20, 16, 0, 0, China), 390, 844);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        var due = worker.GetByTestId("section-due").Locator("article");
        await Expect(due).ToContainTextAsync("第 1 天 / 共 3 天");
        await due.Locator("input[name=sampledAt]").FillAsync("2022-11-20T15:30");
        await due.GetByTestId("record").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToHaveTextAsync("检测已录入。");
        await Expect(worker.GetByTestId("count-awaitingResult")).ToHaveTextAsync("1");
        var waiting = worker.GetByTestId("section-awaitingResult").Locator("article");
        await Expect(waiting.GetByTestId("sampled")).ToContainTextAsync("11-20 15:30");
        await ScreenshotAsync("5-worker-awaiting-result", worker, fullPage: true);

        // The next morning (a new shift, so signed in again) the lab's answer is in.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 9, 0, 0, China));
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        await Expect(worker.GetByTestId("count-overdue")).ToHaveTextAsync("0");
        waiting = worker.GetByTestId("section-awaitingResult").Locator("article");
        await waiting.Locator("select[name=result]").SelectOptionAsync("negative");
        await waiting.GetByTestId("enter-result").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToHaveTextAsync("结果已录入");
        await Expect(worker.GetByTestId("count-awaitingResult")).ToHaveTextAsync("0");
        await Expect(worker.GetByTestId("taken")).ToContainTextAsync("2022-11-20 · 核酸检测 · 阴性");
        await ScreenshotAsync("6-worker-result-entered", worker, fullPage: true);
    }

    [Fact]
    public async Task The_worker_receives_a_traveler_from_centralized_quarantine_and_sees_why_another_cannot_be_released_yet()
    {
        var (stayedHome, _) = await ArrangeAsync();
        // From abroad with 2 of 5 centralized days done at the port: centralized 11-20..11-22, then home 11-23..11-25.
        var abroad = System.Text.Json.JsonSerializer.SerializeToNode(Arrange.Traveler(name: "王五", idNumber: "150802198503120414"))!;
        abroad["trip"]!["abroad"] = System.Text.Json.JsonSerializer.SerializeToNode(new { enteredChinaOn = "2022-11-17", centralizedQuarantineDays = 2 });
        await App.DeclareAsync(abroad);

        // While the site has 王五, the worker only sees the phase, read-only.
        var worker = await OpenAsync(new DateTimeOffset(2022, 11, 21, 9, 0, 0, China), 390, 844);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        var person = worker.GetByTestId("person").Filter(new() { HasText = "王五" });
        await Expect(person.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(person.GetByTestId("progress")).ToHaveTextAsync("第 2 天 / 共 3 天");
        await Expect(worker.Locator("[data-testid^=test-]").Filter(new() { HasText = "王五" }).GetByTestId("record")).ToHaveCountAsync(0);

        // The day after: 接收, and the first home test. 张三's 3天2检 is over without tests: only an override releases him.
        var day = new DateTimeOffset(2022, 11, 23, 9, 0, 0, China);
        App.Clock.Set(day);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        var handover = worker.GetByTestId("section-due").Locator("article").Filter(new() { HasText = "接收" });
        await Expect(handover.GetByTestId("handover")).ToContainTextAsync("2022-11-22");
        await Expect(handover).ToContainTextAsync("王五");
        var card = worker.GetByTestId($"release-{stayedHome:N}");
        await Expect(card.GetByTestId("release-blockers")).ToContainTextAsync("有检测未做或结果未出");
        await card.Locator("summary").ClickAsync();
        await card.Locator("textarea[name=reason]").FillAsync("本人已返回原籍，经街道核实");
        await ScreenshotAsync("7-worker-handover-and-override", worker, fullPage: true);
        await card.GetByTestId("release-override").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToContainTextAsync("已解除");
        var stored = await App.WithDbAsync(db => db.MeasureReleases.SingleAsync());
        Assert.Equal((stayedHome, true, "本人已返回原籍，经街道核实"), (stored.DeclarationId, stored.Override, stored.Reason));
    }
}
