using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Journeys;

/// <summary>赋码名单: the command center opens the day's lists for the health-code platform from its report.</summary>
public sealed class CodeAssignmentTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task The_command_center_opens_the_days_code_assignments_from_its_report()
    {
        await App.CheckpointWithOfficerAsync();
        await App.RiskAreaAsync("610113", "电子城街道", "high", "2022-11-10");
        await App.DeclareAsync(Arrange.Traveler(areas: ["电子城街道"]));
        await App.DeclareAsync(Arrange.Traveler(name: "李四", idNumber: "110105201501010017"));
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "command@test.entrycontrol.cn", password = "Staff-pass-123", role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        App.Clock.Set(Arrange.ScanTime);
        await Page.Clock.SetFixedTimeAsync(Arrange.ScanTime.UtcDateTime);
        await SignInAsync("command@test.entrycontrol.cn", "Staff-pass-123");

        await Page.GotoAsync("/command?date=2022-11-21");
        await Page.GetByTestId("code-assignments").ClickAsync();

        await Expect(Page.GetByTestId("day")).ToHaveTextAsync("2022-11-21");
        await Expect(Page.GetByTestId("assign-row")).ToHaveCountAsync(2);
        await Expect(Page.GetByTestId("assign-row").First).ToHaveAttributeAsync("data-colour", "red");
        await Expect(Page.GetByTestId("assign-row").Nth(1)).ToHaveAttributeAsync("data-colour", "yellow");
        await Expect(Page.GetByTestId("csv")).ToHaveAttributeAsync("href", "/api/v1/code-assignments.csv?on=2022-11-21");
        await ScreenshotAsync("1-code-assignments", fullPage: true);

        await Page.Locator("#on").FillAsync("2022-11-23");
        await Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(Page.GetByTestId("restore-row")).ToHaveCountAsync(1);
        await Expect(Page.GetByTestId("restore-row")).ToContainTextAsync("李四");
        await ScreenshotAsync("2-restore", fullPage: true);
    }
}
