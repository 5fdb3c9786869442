using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.TraceLists;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>
/// A pushed list (协查名单) in the browser: the command center imports a railway list with one traveler who declared and
/// one who did not, the community worker of the destination county checks the second on a phone and records what
/// they found, and the command center's report shows nothing left open.
/// </summary>
public sealed class TraceListTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Staff-pass-123";
    private const string WorkerEmail = "worker.xinhua@test.entrycontrol.cn";
    private const string CommandEmail = "command@test.entrycontrol.cn";

    private static readonly string LiSi = "15080219800101001" + IdentityDocuments.CheckCharacter("15080219800101001");

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    [Fact]
    public async Task The_command_center_imports_a_list_and_the_worker_resolves_the_unregistered_traveler_on_the_community_page()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Arrange.Community, name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = Password, role = "communityWorker", communities = new[] { Arrange.Community } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = CommandEmail, password = Password, role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await App.DeclareAsync(Arrange.Traveler());

        // 1. The command center pastes the railway's list; a mistyped phone refuses it whole, shown on its line.
        var command = await OpenAsync(1280, 800);
        await SignInAsync(CommandEmail, Password, command);
        await command.GotoAsync("/trace-lists/import");
        await command.Locator("#Source").FillAsync("铁路客票");
        await command.Locator("#Csv").FillAsync(string.Join('\n',
            "姓名,证件类型,证件号码,手机号,到达时间,出发地,车次,目的地",
            $"张三,residentId,{Arrange.ResidentId},13800000000,2022-11-20T09:50:00+08:00,西安,K1178,150802",
            $"李四,residentId,{LiSi},13900000000,2022-11-20T09:50:00+08:00,西安,K1178,150802",
            "王五,residentId,110105194912310021,1390000,,,,150802"));
        await command.GetByTestId("submit").ClickAsync();
        await Expect(command.GetByTestId("invalid-line-4")).ToContainTextAsync("手机号码应为 11 位数字");
        await ScreenshotAsync("1-import-refused", command, fullPage: true);
        Assert.Equal(0, await App.WithDbAsync(db => db.TraceLists.CountAsync()));

        await command.Locator("#SkipInvalid").CheckAsync();
        await command.GetByTestId("submit").ClickAsync();
        await Expect(command.GetByTestId("matched")).ToHaveTextAsync("1");
        await Expect(command.GetByTestId("unmatched")).ToHaveTextAsync("1");
        await ScreenshotAsync("2-import-result", command, fullPage: true);

        // 2. The worker of 临河区, on a phone: 李四 is to be checked; shows the number, phones, records "already left".
        var worker = await OpenAsync(390, 844);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        await Expect(worker.GetByTestId("count-check")).ToHaveTextAsync("1");
        var card = worker.GetByTestId("check-items").Locator("article");
        await Expect(card).ToContainTextAsync("李四");
        await Expect(card).ToContainTextAsync("139****0000");
        await ScreenshotAsync("3-worker-check-item", worker, fullPage: true);
        await worker.GotoAsync("/community?culture=en");
        await Expect(worker.GetByTestId("check-items")).ToContainTextAsync("Travelers to check");
        await ScreenshotAsync("3-worker-check-item.en", worker, fullPage: true);
        await worker.GotoAsync("/community");
        await card.GetByTestId("show-contact").ClickAsync();
        await Expect(worker.GetByTestId("check-items").Locator("article a[data-testid=phone]")).ToHaveTextAsync("13900000000");
        card = worker.GetByTestId("check-items").Locator("article");
        await card.Locator("select[name=outcome]").SelectOptionAsync("alreadyLeft");
        await card.Locator("input[name=note]").FillAsync("电话联系，已于 11 月 21 日返回西安");
        await ScreenshotAsync("4-worker-recording", worker);
        await card.GetByTestId("record-check").ClickAsync();
        await Expect(worker.GetByTestId("status")).ToHaveTextAsync("核查结果已记录。");
        await Expect(worker.GetByTestId("count-check")).ToHaveTextAsync("0");
        var item = await App.WithDbAsync(db => db.TraceItems.SingleAsync(i => i.Name == "李四"));
        Assert.Equal((TraceItemStatus.Resolved, TraceOutcome.AlreadyLeft), (item.Status, item.Outcome));

        // 3. The command center: nothing open for 临河区, one checked today.
        await command.GotoAsync("/command");
        await Expect(command.GetByTestId("tile-check")).ToHaveTextAsync("0");
        await Expect(command.GetByTestId("county-150802").Locator("td")).ToHaveTextAsync(["临河区 150802", "1", "1", "0"]);
        await ScreenshotAsync("5-command-center", command, fullPage: true);
        await command.GotoAsync("/trace-lists?status=resolved");
        await Expect(command.GetByTestId("items").Locator("article")).ToContainTextAsync("已离开");
        await ScreenshotAsync("6-trace-lists-resolved", command, fullPage: true);
    }
}
