using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Scans;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Checkpoint;

public sealed class ConsoleTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private async Task<string> OpenConsoleAsync()
    {
        await App.CheckpointWithOfficerAsync();
        var code = await App.DeclareAsync(Arrange.Traveler());
        App.Clock.Set(Arrange.ScanTime);
        // The tablet's clock agrees with the portal's (the queue stamps scans with the tablet's time).
        await Page.Clock.SetFixedTimeAsync(Arrange.ScanTime.UtcDateTime);
        await SignInAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
        await Page.GotoAsync("/checkpoint");
        return code;
    }

    [Fact]
    public async Task An_officer_types_a_code_sees_the_decision_and_records_the_landing_test_with_its_tube_number()
    {
        var code = await OpenConsoleAsync();

        await Page.Locator("#Code").FillAsync(code);
        await Page.Locator("#Temperature").FillAsync("36.5");
        // The certificate's fields appear only when the officer says one is shown.
        await Expect(Page.GetByTestId("certificate")).ToBeHiddenAsync();
        await Page.GetByText("现场出示核酸证明").ClickAsync();
        await Expect(Page.Locator("#SampledAt")).ToBeVisibleAsync();
        await Page.GetByText("现场出示核酸证明").ClickAsync();
        await Expect(Page.GetByTestId("certificate")).ToBeHiddenAsync();
        await Page.GetByTestId("scan").ClickAsync();

        var panel = Page.GetByTestId("action");
        await Expect(panel).ToHaveAttributeAsync("data-recommended", "landingTestTaken");
        await Expect(Page.GetByTestId("recommended")).ToHaveTextAsync("落地检：采样后放行（即采即走即追）");
        await Expect(Page.GetByTestId("outcome-landingTestTaken")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("btn-dark"));

        // Without a tube number the landing test is not recorded.
        await Page.GetByTestId("outcome-landingTestTaken").ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();
        Assert.Null(await App.WithDbAsync(db => db.CheckpointScans.Select(s => s.Outcome).SingleAsync()));

        await Page.Locator("#Code").FillAsync(code);
        await Page.Locator("#Temperature").FillAsync("36.5");
        await Page.GetByTestId("scan").ClickAsync();
        await Page.Locator("#tubeNumber").FillAsync("T-0001");
        await Page.GetByTestId("outcome-landingTestTaken").ClickAsync();

        await Expect(Page.GetByTestId("recorded")).ToHaveTextAsync("已记录：已落地检");
        await Expect(Page.GetByTestId("count-landingTestTaken")).ToHaveTextAsync("已落地检 1");
        var scans = await App.WithDbAsync(db => db.CheckpointScans.OrderBy(s => s.RecordedAt).ToListAsync());
        Assert.Equal(2, scans.Count);
        Assert.Equal((ScanOutcome.LandingTestTaken, "T-0001"), (scans[1].Outcome, scans[1].TubeNumber));
        // Two scans of one traveler are one line, as the latest scan left them.
        await Expect(Page.GetByTestId("scan-line")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("scan-line")).ToContainTextAsync("×2");
        await Expect(Page.GetByTestId("count-total")).ToHaveTextAsync("共 1 人");
    }

    [Fact]
    public async Task A_scan_taken_offline_waits_in_the_tablet_and_is_recorded_once_with_its_own_time_when_the_network_returns()
    {
        var code = await OpenConsoleAsync();
        await Expect(Page.GetByTestId("queue")).ToBeHiddenAsync();

        await Context.SetOfflineAsync(true);
        await Page.Locator("#Code").FillAsync(code);
        await Page.Locator("#Temperature").FillAsync("36.6");
        await Page.GetByTestId("scan").ClickAsync();

        var banner = Page.GetByTestId("queue");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("网络已断开");
        await Expect(banner).ToContainTextAsync("1 条查验记录待上传");
        await Expect(Page.Locator("#Code")).ToHaveValueAsync(string.Empty);
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
        await Expect(Page.GetByTestId("scan-line")).ToHaveCountAsync(0);

        // The network returns twenty minutes later: the scan keeps the time it was taken.
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await Context.SetOfflineAsync(false);

        await Expect(banner).ToBeHiddenAsync();
        await Expect(Page.GetByTestId("scan-line")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("count-total")).ToHaveTextAsync("共 1 人");
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal(Arrange.ScanTime, scan.ScannedAt);
        Assert.Equal(Arrange.ScanTime.AddMinutes(20), scan.RecordedAt);
        Assert.Equal(36.6m, scan.TemperatureCelsius);
        Assert.Equal(1, await App.WithDbAsync(db => db.IdempotencyRecords.CountAsync()));

        // Nothing is left in the tablet to send again.
        await Page.ReloadAsync();
        await Expect(Page.GetByTestId("scan-line")).ToHaveCountAsync(1);
        Assert.Equal("[]", await Page.EvaluateAsync<string>("() => localStorage.getItem('entrycontrol.scanQueue.CP-LINHE-G7')"));
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task A_queued_scan_the_portal_refuses_stays_on_the_tablet_with_the_reason_until_the_officer_clears_it()
    {
        await OpenConsoleAsync();
        // The 404 for the unknown code is logged by the browser as a failed request.
        ExpectConsoleError("404");

        await Context.SetOfflineAsync(true);
        await Page.Locator("#Code").FillAsync("no-such-code-typed-offline");
        await Page.GetByTestId("scan").ClickAsync();
        await Expect(Page.GetByTestId("queue")).ToContainTextAsync("1 条查验记录待上传");
        await Context.SetOfflineAsync(false);

        var rejected = Page.GetByTestId("rejected");
        await Expect(rejected).ToBeVisibleAsync();
        await Expect(rejected).ToContainTextAsync("no-such-code-typed-offline");
        await Expect(rejected).ToContainTextAsync("现场补录");
        await Expect(Page.GetByTestId("queue")).ToBeHiddenAsync();
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));

        // Still there after a reload: the officer has not dealt with it yet.
        await Page.ReloadAsync();
        await Expect(rejected).ToBeVisibleAsync();
        await Page.GetByTestId("rejected-dismiss").ClickAsync();
        await Expect(rejected).ToBeHiddenAsync();
        await Page.ReloadAsync();
        await Expect(rejected).ToBeHiddenAsync();
    }
}
