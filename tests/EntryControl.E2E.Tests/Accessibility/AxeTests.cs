using System.Net;
using System.Net.Http.Json;
using EntryControl.E2E.Tests.Infrastructure;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EntryControl.E2E.Tests.Accessibility;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA) on every page state the journey and layout tests reach, in Chinese and English,
/// on a phone (390×844), a tablet (1024×768) and a desktop (1440×900) as each state's <see cref="Layouts"/> says (a
/// page of its own everywhere, its variants on the phone, print pages and the console's decisions on the tablet). One
/// test per audience, each a list of states reached one after the other: a new screen or behaviour gets a
/// <see cref="PageState"/> in its list. Best-practice findings
/// (landmarks, headings, regions) are written to the test output; the test fails on WCAG violations.
/// </summary>
public sealed class AxeTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    private const string Password = "Staff-pass-123";
    private const string WorkerEmail = "worker.a11y@test.entrycontrol.cn";
    private const string CommandEmail = "command.a11y@test.entrycontrol.cn";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly string[] Languages = ["zh-CN", "en"];

    private readonly AxeAudit _audit = new();
    private readonly System.Diagnostics.Stopwatch _started = System.Diagnostics.Stopwatch.StartNew();

    private static PageState Visit(string name, string path, Layouts layouts = Layouts.Every) =>
        new(name, page => page.GotoAsync(path), layouts);

    /// <summary>Runs <paramref name="states"/> in each language, in a fresh context (signed in by <paramref name="signIn"/>).</summary>
    private async Task AuditAsync(Func<IPage, Task>? signIn, Func<string, IEnumerable<PageState>> states, DateTimeOffset? at = null)
    {
        foreach (var language in Languages)
        {
            var page = await (await NewContextAsync(language)).NewPageAsync();
            // Colours are audited as they settle: with reduced motion Bootstrap's transitions are off, so axe never
            // measures a button half-way through fading to its checked colours.
            await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
            if (at is { } time)
            {
                await page.Clock.SetFixedTimeAsync(time.UtcDateTime);
            }

            if (signIn is not null)
            {
                await signIn(page);
            }

            // The language switch sets the culture cookie, as a user's click does.
            await page.GotoAsync($"/culture/{language}?returnUrl=/");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await _audit.RunAsync(page, language, language == Languages[0], states(language));
        }

        Report();
        _audit.AssertNoWcagViolations();
    }

    /// <summary>
    /// The figures in the test output and in <c>axe-summary.txt</c> beside the screenshots (one line per test), the
    /// best-practice findings in full under the line.
    /// </summary>
    private void Report()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var summary = $"{TestContext.Current.TestMethod?.MethodName}: {_audit.States} states, {_audit.Audits} audits, " +
                      $"axe {_audit.AxeTime.TotalSeconds:0.0} s of {_started.Elapsed.TotalSeconds:0.0} s; " +
                      $"WCAG violations: {_audit.Findings.Where(f => f.Wcag).Sum(f => f.Nodes.Count)} elements, " +
                      $"best-practice: {_audit.Findings.Where(f => !f.Wcag).Sum(f => f.Nodes.Count)} elements";
        output.WriteLine(summary);
        Directory.CreateDirectory(ScreenshotFolder);
        File.AppendAllText(Path.Combine(ScreenshotFolder, "axe-summary.txt"), summary + Environment.NewLine);
        var bestPractice = _audit.Findings.Where(f => !f.Wcag).ToList();
        if (bestPractice.Count > 0)
        {
            var details = "best-practice:\n" + AxeAudit.Describe(bestPractice);
            output.WriteLine(details);
            File.AppendAllText(Path.Combine(ScreenshotFolder, "axe-summary.txt"), details);
        }
    }

    private Func<IPage, Task> SignInAs(string email, string password) => page => SignInAsync(email, password, page);

    private static async Task NextAsync(IPage page, int step)
    {
        await page.GetByTestId("next").ClickAsync();
        await Expect(page.GetByTestId("declare-form")).ToHaveAttributeAsync("data-step", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task ExpectErrorsAsync(IPage page) =>
        await Expect(page.Locator("main .field-validation-error, main .validation-summary-errors").First).ToBeVisibleAsync();

    [Fact]
    public async Task Traveler_pages_have_no_wcag_violations()
    {
        await App.CheckpointWithOfficerAsync();
        var declared = await App.DeclareAsync(Arrange.Traveler());

        await AuditAsync(null, language => [
            Visit("home", "/"),
            Visit("lookup", "/lookup"),
            new("lookup, errors", async page =>
            {
                await page.GetByTestId("lookup-form").Locator("button[type=submit]").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("lookup, result", async page =>
            {
                await page.GotoAsync("/lookup?Input.Destination=150802&Input.ArrivalDate=2022-11-20&Input.ArrivalTime=10:00" +
                                     "&Input.Stays[0].Region=610113&Input.Stays[0].From=2022-11-16&Input.Stays[0].To=2022-11-19");
                await Expect(page.GetByTestId("measure").First).ToBeVisibleAsync();
            }),
            Visit("declare step 1", "/declare"),
            new("declare step 1, errors", async page =>
            {
                await page.GetByTestId("next").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("declare step 1, co-traveler added", async page =>
            {
                await page.Locator("button[formaction*=AddCoTraveler]").ClickAsync();
                await Expect(page.GetByTestId("co-traveler").First).ToBeVisibleAsync();
            }),
            new("declare step 2", async page =>
            {
                await page.GotoAsync("/declare");
                await page.Locator("#Declaration_Traveler_Name").FillAsync("张三");
                await page.Locator("#Declaration_Traveler_IdNumber").FillAsync(Arrange.ResidentId);
                await page.Locator("#Declaration_Traveler_Phone").FillAsync("13800000000");
                await NextAsync(page, 2);
            }, Layouts.Every),
            new("declare step 2, errors", async page =>
            {
                await page.GetByTestId("next").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("declare step 2, transit", async page =>
            {
                await page.GetByTestId("transit").CheckAsync();
                await Expect(page.Locator("#Declaration_Checkpoint")).ToBeVisibleAsync();
            }),
            new("declare step 2, late-registration warning", async page =>
            {
                await page.GetByTestId("transit").UncheckAsync();
                await page.Locator("#Declaration_Community").SelectOptionAsync(Arrange.Community);
                await page.Locator("#Declaration_Address").FillAsync("临河区新华街 1 号");
                await page.Locator("#Input_ArrivalDate").FillAsync("2022-11-19");
                await page.Locator("#Input_ArrivalTime").FillAsync("10:00");
                await Expect(page.GetByTestId("late-warning")).ToBeVisibleAsync();
            }),
            new("declare step 3", async page =>
            {
                await page.Locator("#Input_ArrivalDate").FillAsync("2022-11-20");
                await NextAsync(page, 3);
            }, Layouts.Every),
            new("declare step 3, errors", async page =>
            {
                // A stay with dates but no county.
                await page.Locator("#Input_Stays_0__From").FillAsync("2022-11-16");
                await page.Locator("#Input_Stays_0__To").FillAsync("2022-11-19");
                await page.GetByTestId("next").ClickAsync();
                await Expect(page.GetByTestId("declare-form")).ToHaveAttributeAsync("data-step", "3");
                await ExpectErrorsAsync(page);
            }),
            new("declare step 3, freight driver with a county picked", async page =>
            {
                await page.Locator("#Input_TravelerType").SelectOptionAsync("freightDriver");
                var pickers = page.GetByTestId("stay").First.Locator("select");
                await pickers.Nth(0).SelectOptionAsync("610000");
                await pickers.Nth(1).SelectOptionAsync("610100");
                await pickers.Nth(2).SelectOptionAsync("610113");
                await page.Locator("#Input_Stays_0__From").FillAsync("2022-11-16");
                await page.Locator("#Input_Stays_0__To").FillAsync("2022-11-19");
            }),
            new("declare step 4 (review)", async page =>
            {
                await page.Locator("#Input_TravelerType").SelectOptionAsync("person");
                await NextAsync(page, 4);
                await Expect(page.GetByTestId("measure")).ToBeVisibleAsync();
            }, Layouts.Every),
            new("declare step 4, errors", async page =>
            {
                await page.GetByTestId("submit").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("declaration page with QR code and measure", async page =>
            {
                await page.Locator("#Declaration_Attestation").CheckAsync();
                await page.GetByTestId("submit").ClickAsync();
                await Expect(page.GetByTestId("created")).ToBeVisibleAsync();
            }, Layouts.Every),
            Visit("find", "/declare/find"),
            new("find, result", async page =>
            {
                await page.Locator("#IdNumber").FillAsync(Arrange.ResidentId);
                await page.Locator("#Phone").FillAsync("13800000000");
                await page.Locator("#Phone").PressAsync("Enter");
                await Expect(page.GetByTestId("found-item").First).ToBeVisibleAsync();
            }),
            Visit("amend", $"/d/{declared}/edit"),
            new("amend, errors", async page =>
            {
                await page.Locator("#Declaration_Address").FillAsync("");
                await page.GetByTestId("save").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("amend, saved", async page =>
            {
                await page.Locator("#Declaration_Address").FillAsync("临河区新华街 2 号");
                await page.Locator("#Declaration_Attestation").CheckAsync();
                await page.GetByTestId("save").ClickAsync();
                await Expect(page.GetByTestId("amend-saved")).ToBeVisibleAsync();
            }),
            Visit("declaration page, amended", $"/d/{declared}"),
            new("declaration not found (status page)", async page =>
            {
                ExpectConsoleError("404");
                var response = await page.GotoAsync("/d/NO-SUCH-DECLARATION");
                Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            }),
            Visit("staff sign-in", "/Account/Login"),
            new("staff sign-in, wrong password", async page =>
            {
                await page.Locator("#Email").FillAsync("nobody@test.entrycontrol.cn");
                await page.Locator("#Password").FillAsync("wrong-password");
                await page.Locator("main form button[type=submit]").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
        ]);
    }

    [Fact]
    public async Task Checkpoint_console_has_no_wcag_violations_after_each_kind_of_decision()
    {
        await App.CheckpointWithOfficerAsync();
        await App.RiskAreaAsync("610113", "电子城街道", "high", "2022-11-10");
        var released = await App.DeclareAsync(Arrange.Traveler(stayRegion: "150821"));
        var landing = await App.DeclareAsync(Arrange.Traveler());
        var quarantine = await App.DeclareAsync(Arrange.Traveler(areas: ["电子城街道"], homeIsolationFeasible: false));
        var officer = await App.ClientForAsync(Arrange.OfficerEmail, Arrange.OfficerPassword);
        var refused = await App.DeclareAsync(Arrange.FreightDriver(), officer);
        App.Clock.Set(Arrange.ScanTime);

        static PageState Scan(string name, string code, string recommended, string temperature = "36.5") => new(name, async page =>
        {
            await page.GotoAsync("/checkpoint");
            await page.Locator("#Code").FillAsync(code);
            await page.Locator("#Temperature").FillAsync(temperature);
            await page.GetByTestId("scan").ClickAsync();
            await Expect(page.GetByTestId("action")).ToHaveAttributeAsync("data-recommended", recommended);
        }, Layouts.Tablet);

        // The console is a tablet page, but officers also use phones: its states are audited at every width.
        await AuditAsync(SignInAs(Arrange.OfficerEmail, Arrange.OfficerPassword), language => [
            Visit("console, empty", "/checkpoint"),
            Scan("console, released", released, "released") with { Layouts = Layouts.Every },
            Scan("console, landing test", landing, "landingTestTaken") with { Layouts = Layouts.Every },
            new("console, landing test recorded", async page =>
            {
                await page.Locator("#tubeNumber").FillAsync($"T-A11Y-{language}");
                await page.GetByTestId("outcome-landingTestTaken").ClickAsync();
                await Expect(page.GetByTestId("recorded")).ToBeVisibleAsync();
            }),
            Scan("console, centralized quarantine", quarantine, "transferredToQuarantine"),
            Scan("console, fever clinic", landing, "referredToClinic", temperature: "37.6"),
            Scan("console, refused freight", refused, "refused"),
            new("console, red health code chosen", async page =>
            {
                await page.GotoAsync("/checkpoint");
                await page.GetByTestId("health-code-red").ClickAsync();
                await Expect(page.Locator("#health-code-red")).ToBeCheckedAsync();
            }, Layouts.Tablet),
            new("console, code not found (walk-in offered)", async page =>
            {
                ExpectConsoleError("404");
                await page.GotoAsync("/checkpoint");
                await page.Locator("#Code").FillAsync("NO-SUCH-CODE");
                await page.Locator("#Temperature").FillAsync("36.5");
                await page.GetByTestId("scan").ClickAsync();
                await Expect(page.GetByTestId("walk-in").Or(page.GetByTestId("message")).First).ToBeVisibleAsync();
            }),
            new("console, exit recorded", async page =>
            {
                await page.GotoAsync("/checkpoint");
                await page.GetByTestId("direction-exit").ClickAsync();
                await page.Locator("#Code").FillAsync(released);
                await page.GetByTestId("scan").ClickAsync();
                await Expect(page.GetByTestId("exit-recorded").Or(page.GetByTestId("message")).First).ToBeVisibleAsync();
            }, Layouts.Tablet),
            Visit("walk-in registration", "/checkpoint/walk-in"),
            new("access denied (officer on an admin page)", async page =>
            {
                await page.GotoAsync("/Admin");
                Assert.Contains("AccessDenied", page.Url, StringComparison.Ordinal);
            }, Layouts.Every),
        ], at: Arrange.ScanTime);
    }

    [Fact]
    public async Task Community_and_release_pages_have_no_wcag_violations()
    {
        await App.RequireThreeDayTwoTestsForXianAsync();
        await App.CheckpointWithOfficerAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = Password, role = "communityWorker", communities = new[] { Arrange.Community } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var released = await App.DeclareAsync(Arrange.Traveler());
        await App.DeclareAsync(Arrange.Traveler(name: "李四", idNumber: "110105201501010017"));
        var id = await App.WithDbAsync(db => db.Declarations.Where(d => d.Code == released).Select(d => d.Id).SingleAsync());
        foreach (var (date, sampledAt, now) in new[] { ("2022-11-20", "2022-11-20T16:00:00+08:00", new DateTimeOffset(2022, 11, 20, 17, 0, 0, China)), ("2022-11-22", "2022-11-22T09:00:00+08:00", new DateTimeOffset(2022, 11, 22, 10, 0, 0, China)) })
        {
            App.Clock.Set(now);
            var worker = await App.ClientForAsync(WorkerEmail, Password);
            (await worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = id, date, kind = "nat", sampledAt, result = "negative" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        // The morning after 张三's last day: he awaits release; 李四 (declared with him) is due a test.
        var morning = new DateTimeOffset(2022, 11, 23, 9, 0, 0, China);
        App.Clock.Set(morning);
        var releasedOnce = false;
        await AuditAsync(SignInAs(WorkerEmail, Password), language => [
            Visit("community follow-ups", "/community"),
            new("community follow-ups, release override open", async page =>
            {
                var details = page.Locator("main details").First;
                if (await details.CountAsync() > 0)
                {
                    await details.Locator("summary").ClickAsync();
                }
            }),
            Visit("community print", "/community/print", Layouts.Tablet),
            new("community follow-ups, released", async page =>
            {
                await page.GotoAsync("/community");
                if (!releasedOnce)
                {
                    await page.GetByTestId($"release-{id:N}").GetByTestId("release").ClickAsync();
                    await Expect(page.GetByTestId("status")).ToBeVisibleAsync();
                    releasedOnce = true;
                }
            }),
            Visit("declaration page, released", $"/d/{released}"),
            Visit("release notice", $"/d/{released}/release", Layouts.Tablet),
            new("release verification", async page =>
            {
                var verification = await App.WithDbAsync(db => db.MeasureReleases.Select(r => r.VerificationCode).SingleAsync());
                await page.GotoAsync($"/release/{verification}");
                await Expect(page.GetByTestId("verified")).ToBeVisibleAsync();
            }, Layouts.Every),
            new("release verification, unknown code", async page =>
            {
                ExpectConsoleError("404");
                await page.GotoAsync("/release/AAAAAAAAAAAAAAAAAAAAAA");
                await Expect(page.GetByTestId("not-released")).ToBeVisibleAsync();
            }),
        ], at: morning);
    }

    [Fact]
    public async Task Command_center_pages_have_no_wcag_violations()
    {
        await App.CheckpointWithOfficerAsync();
        await App.RiskAreaAsync("610113", "电子城街道", "high", "2022-11-10");
        await App.DeclareAsync(Arrange.Traveler(areas: ["电子城街道"]));
        await App.DeclareAsync(Arrange.Traveler(name: "李四", idNumber: "110105201501010017"));
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = CommandEmail, password = Password, role = "commandCenter" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        App.Clock.Set(Arrange.ScanTime);
        var liSi = "15080219800101001" + IdentityDocuments.CheckCharacter("15080219800101001");
        var csv = string.Join('\n',
            "姓名,证件类型,证件号码,手机号,到达时间,出发地,车次,目的地",
            $"张三,residentId,{Arrange.ResidentId},13800000000,2022-11-20T09:50:00+08:00,西安,K1178,150802",
            $"李四,residentId,{liSi},13900000000,2022-11-20T09:50:00+08:00,西安,K1178,150802",
            "王五,residentId,110105194912310021,1390000,,,,150802");

        await AuditAsync(SignInAs(CommandEmail, Password), language => [
            Visit("command center", "/command?date=2022-11-20"),
            Visit("code assignments", "/command/code-assignments?on=2022-11-21"),
            Visit("code assignments, restore", "/command/code-assignments?on=2022-11-23"),
            Visit("trace-list import", "/trace-lists/import"),
            new("trace-list import, refused line", async page =>
            {
                await page.Locator("#Source").FillAsync("铁路客票");
                await page.Locator("#Csv").FillAsync(csv);
                await page.GetByTestId("submit").ClickAsync();
                await Expect(page.GetByTestId("invalid-line-4")).ToBeVisibleAsync();
            }),
            new("trace-list import, imported", async page =>
            {
                await page.Locator("#SkipInvalid").CheckAsync();
                await page.GetByTestId("submit").ClickAsync();
                await Expect(page.GetByTestId("imported")).ToBeVisibleAsync();
            }),
            Visit("trace lists", "/trace-lists"),
            Visit("trace lists, resolved", "/trace-lists?status=resolved"),
        ], at: Arrange.ScanTime);
    }

    [Fact]
    public async Task Admin_pages_have_no_wcag_violations()
    {
        await App.CheckpointWithOfficerAsync();
        await App.DeclareAsync(Arrange.Traveler());
        // A draft of the next Bayannur version (issue 16), for its version page, diff, impact preview and publish form.
        var admin = await App.AdminClientAsync();
        (await admin.PostAsync("/api/v1/policies", new StringContent(XianPolicy.Version3(), System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        // More than a page of audit entries, so the audit log shows its pagination.
        await App.WithDbAsync(async db =>
        {
            db.AuditLog.AddRange(Enumerable.Range(0, AuditLog.PageSize + 5).Select(i => new AuditEntry
            {
                At = App.Clock.GetUtcNow().AddMinutes(-i),
                UserEmail = EntryControlApp.AdminEmail,
                Action = AuditAction.View,
                Subject = "declaration",
                Detail = $"a11y-{i}",
                Records = 1,
            }));
            return await db.SaveChangesAsync();
        });

        await AuditAsync(SignInAs(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword), language => [
            Visit("admin overview", "/Admin"),
            Visit("risk areas", "/Admin/RiskAreas"),
            new("risk areas, errors", async page =>
            {
                await page.GetByTestId("preview").ClickAsync();
                await ExpectErrorsAsync(page);
            }),
            new("risk areas, change preview", async page =>
            {
                await page.GotoAsync("/Admin/RiskAreas");
                await page.Locator("#Add_Region").EvaluateAsync("(input, code) => input.value = code", "610113");
                await page.Locator("#Add_Area").FillAsync($"电子城街道 {language}");
                await page.Locator("#Add_Level").SelectOptionAsync("medium");
                await page.Locator("#Add_From").FillAsync("2022-11-15");
                await page.GetByTestId("preview").ClickAsync();
                await Expect(page.GetByTestId("confirm")).ToBeVisibleAsync();
            }),
            new("risk areas, change confirmed", async page =>
            {
                await page.GetByTestId("confirm").ClickAsync();
                await Expect(page.GetByTestId("message")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("registry-change").First).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 60_000 });
            }),
            Visit("communities", "/Admin/Communities"),
            Visit("communities, editing", $"/Admin/Communities?edit={Arrange.Community}"),
            Visit("checkpoints", "/Admin/Checkpoints"),
            Visit("staff", "/Admin/Staff"),
            Visit("policies", "/Admin/Policies"),
            new("policy viewer", async page =>
            {
                await page.GotoAsync("/Admin/Policies");
                await page.Locator("main a[href^='/Admin/Policies/']").First.ClickAsync();
                await page.WaitForURLAsync("**/Admin/Policies/**");
            }, Layouts.Every),
            new("policy upload, refused", async page =>
            {
                await page.GotoAsync("/Admin/Policies");
                await page.Locator("#UploadJson").FillAsync("{ \"id\": ");
                await page.GetByTestId("upload").ClickAsync();
                await Expect(page.GetByTestId("upload-errors")).ToBeVisibleAsync();
            }),
            Visit("policy viewer, a draft waiting", $"/Admin/Policies/{XianPolicy.Bayannur}"),
            Visit("policy draft: versions and diff", $"/Admin/Policies/{XianPolicy.Bayannur}/versions/3"),
            new("policy draft, impact preview", async page =>
            {
                await page.GetByTestId("impact-preview").ClickAsync();
                await Expect(page.GetByTestId("impact")).ToBeVisibleAsync();
            }),
            new("policy draft, publishing refused to its author", async page =>
            {
                await page.GotoAsync($"/Admin/Policies/{XianPolicy.Bayannur}/versions/3");
                await page.GetByTestId("publish").ClickAsync();
                await Expect(page.GetByTestId("effective-error")).Not.ToBeEmptyAsync();
            }),
            Visit("guided policy editor", $"/Admin/Policies/editor?id={XianPolicy.Bayannur}"),
            new("guided policy editor, errors", async page =>
            {
                await page.Locator("#Form_IsolationDays").FillAsync("-1");
                await page.GetByTestId("make-draft").ClickAsync();
                await Expect(page.GetByTestId("editor-errors")).ToBeVisibleAsync();
            }),
            Visit("audit log", "/Admin/Audit"),
            Visit("audit log, page 2", "/Admin/Audit?PageNumber=2"),
            new("error page", async page =>
            {
                ExpectConsoleError("404");
                var response = await page.GotoAsync("/no-such-page");
                Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
            }, Layouts.Every),
        ]);
    }
}
