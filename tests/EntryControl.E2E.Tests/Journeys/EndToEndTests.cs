using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Scans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>
/// The whole chain in one browser: a traveler declares, the checkpoint officer scans the typed code, the community
/// worker sees the arrival day's test fulfilled by the landing test, and the command center's daily report counts all of it.
/// </summary>
public sealed class EndToEndTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Staff-pass-123";
    private const string WorkerEmail = "worker.xinhua@test.entrycontrol.cn";
    private const string CommandEmail = "command@test.entrycontrol.cn";

    private static readonly DateTimeOffset Declared = new(2022, 11, 17, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset Evening = new(2022, 11, 20, 17, 30, 0, TimeSpan.FromHours(8));

    /// <summary>Each user's page gets the portal's clock (the console stamps scans with the tablet's time).</summary>
    private async Task<IPage> OpenAsync(DateTimeOffset at, int width = TabletWidth, int height = TabletHeight)
    {
        var page = await (await NewContextAsync()).NewPageAsync();
        await page.Clock.SetFixedTimeAsync(at.UtcDateTime);
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    [Fact]
    public async Task A_traveler_declares_the_officer_takes_the_landing_test_the_worker_sees_it_count_and_the_report_counts_it()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        await App.CheckpointWithOfficerAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001002", name = "团结社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = Password, role = "communityWorker", communities = new[] { Arrange.Community } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = CommandEmail, password = Password, role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        App.Clock.Set(Declared);

        // 1. The traveler, on a phone, three days ahead: Xi'an 雁塔区 11-16..11-19, arriving 11-20 10:00, no certificate.
        var traveler = await OpenAsync(Declared, 390, 844);
        await traveler.GotoAsync("/declare");
        await traveler.Locator("#Declaration_Traveler_Name").FillAsync("张三");
        await traveler.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
        await traveler.Locator("#Declaration_Traveler_Phone").FillAsync("13800000000");
        await traveler.GetByTestId("next").ClickAsync();
        await traveler.Locator("#Declaration_Community").SelectOptionAsync(Arrange.Community);
        await traveler.Locator("#Declaration_Address").FillAsync("临河区新华街 1 号");
        await traveler.Locator("#Input_ArrivalDate").FillAsync("2022-11-20");
        await traveler.Locator("#Input_ArrivalTime").FillAsync("10:00");
        await traveler.GetByTestId("next").ClickAsync();
        var stay = traveler.GetByTestId("stay").First;
        await stay.GetByLabel("省份", new() { Exact = true }).SelectOptionAsync("610000");
        await stay.GetByLabel("城市", new() { Exact = true }).SelectOptionAsync("610100");
        await stay.GetByLabel("区县", new() { Exact = true }).SelectOptionAsync("610113");
        await traveler.Locator("#Input_Stays_0__From").FillAsync("2022-11-16");
        await traveler.Locator("#Input_Stays_0__To").FillAsync("2022-11-19");
        await traveler.GetByTestId("next").ClickAsync();
        await Expect(traveler.GetByTestId("measure")).ToHaveTextAsync("3天2检");
        await traveler.Locator("#Declaration_Attestation").CheckAsync();
        await traveler.GetByTestId("submit").ClickAsync();
        await Expect(traveler.GetByTestId("created")).ToBeVisibleAsync();
        var code = (await traveler.GetByTestId("code").GetAttributeAsync("data-code"))!;
        Assert.Contains($"/d/{code}", traveler.Url, StringComparison.Ordinal);
        await Expect(traveler.GetByTestId("measure")).ToHaveTextAsync("3天2检");
        await ScreenshotAsync("1-traveler-confirmation", traveler, fullPage: true);

        // 2. The officer at G7, on the tablet, ten minutes after arrival: types the code, takes the landing-test sample.
        var scanAt = Arrange.ScanTime;
        App.Clock.Set(scanAt);
        var officer = await OpenAsync(scanAt);
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword, officer);
        await officer.GotoAsync("/checkpoint");
        await officer.Locator("#Code").FillAsync(code);
        await officer.Locator("#Temperature").FillAsync("36.5");
        await officer.GetByTestId("scan").ClickAsync();
        await Expect(officer.GetByTestId("action")).ToHaveAttributeAsync("data-recommended", "landingTestTaken");
        await officer.Locator("#tubeNumber").FillAsync("T-E2E-0001");
        await ScreenshotAsync("2-officer-console", officer);
        await officer.GetByTestId("outcome-landingTestTaken").ClickAsync();
        await Expect(officer.GetByTestId("count-landingTestTaken")).ToHaveTextAsync("已落地检 1");
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal((ScanOutcome.LandingTestTaken, "T-E2E-0001", Arrange.Checkpoint), (scan.Outcome, scan.TubeNumber, scan.CheckpointCode));

        // 3. The community worker, on a phone that evening: the landing test fulfils the arrival day's test, so nothing
        //    is due; it waits for the lab's result (the lab enters it), and the worker is not asked for a second sample.
        App.Clock.Set(Evening);
        var worker = await OpenAsync(Evening, 390, 844);
        await SignInAsync(WorkerEmail, Password, worker);
        await worker.GotoAsync("/community");
        await Expect(worker.GetByTestId("count-due")).ToHaveTextAsync("0");
        await Expect(worker.GetByTestId("count-awaitingResult")).ToHaveTextAsync("1");
        var landing = worker.GetByTestId("section-awaitingResult").Locator("article");
        await Expect(landing).ToContainTextAsync("张三");
        await Expect(landing).ToContainTextAsync("T-E2E-0001");
        await Expect(landing.GetByTestId("record")).ToHaveCountAsync(0);
        await Expect(landing.GetByTestId("enter-result")).ToHaveCountAsync(0);
        await ScreenshotAsync("3-worker-follow-up", worker, fullPage: true);
        (await (await App.ClientForAsync(Arrange.OfficerEmail, Arrange.OfficerPassword)).PostAsJsonAsync("/api/v1/landing-tests/T-E2E-0001/result", new { result = "negative" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await worker.ReloadAsync();
        await Expect(worker.GetByTestId("count-awaitingResult")).ToHaveTextAsync("0");
        await Expect(worker.GetByTestId("count-upcoming")).ToHaveTextAsync("1");
        await Expect(worker.GetByTestId("taken")).ToContainTextAsync("T-E2E-0001");

        // 4. The command center: the day's report counts the arrival and the landing test (once: the follow-up test it
        //    fulfilled is not counted again as one the community took).
        var command = await OpenAsync(Evening, 1280, 800);
        await SignInAsync(CommandEmail, Password, command);
        await command.GotoAsync("/command?date=2022-11-20");
        await Expect(command.GetByTestId("tile-arrivals")).ToHaveTextAsync("1");
        await Expect(command.GetByTestId("tile-landing")).ToHaveTextAsync("1");
        await Expect(command.GetByTestId("tile-taken")).ToHaveTextAsync("0");
        var row = command.GetByTestId($"community-{Arrange.Community}").Locator("td");
        await Expect(row).ToHaveTextAsync(["新华社区 150802001001", "1", "1", "1", "0", "0", "0", "0", "0"]);
        await Expect(command.GetByTestId("community-150802001002").Locator("td")).ToHaveTextAsync(["团结社区 150802001002", "0", "0", "0", "0", "0", "0", "0", "0"]);
        await Expect(command.Locator("#trend")).ToBeVisibleAsync();
        await ScreenshotAsync("4-command-center", command, fullPage: true);
    }
}
