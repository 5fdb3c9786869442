using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Declarations.Storage;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Reevaluation;

/// <summary>
/// 协查: a designation written to the registry re-decides, in the background (Quartz), the declarations whose stays
/// it concerns. The traveler declared in <see cref="DeclarationApiTests.Body"/> stayed in 西安市雁塔区 (610113) from
/// 11-16 to 11-19 and arrives in 临河区 on 11-20: 3天2检 (Bayannur 七) until a designation makes Xi'an high risk.
/// </summary>
public sealed class ReevaluationTests(EntryControlApp app) : AppTest(app)
{
    private const string WorkerEmail = "worker-xinhua@test.entrycontrol.cn";
    private const string WorkerPassword = "Worker-pass-1";

    private static readonly object HighRiskXian = new { region = "610113", area = (string?)null, level = "high", from = "2022-11-15", to = (string?)null };

    private async Task<(HttpClient Admin, string Code)> ArrangeAsync(object? declaration = null)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = WorkerPassword, role = "communityWorker", communities = new[] { "150802001001" } })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", declaration ?? DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("threeDayTwoTests", created.GetProperty("decision").GetProperty("measure").GetString());
        return (admin, created.GetProperty("code").GetString()!);
    }

    private static async Task<JsonElement> DoneAsync(HttpClient admin, string change)
    {
        JsonElement progress = default;
        await Eventually.HoldsAsync(async () =>
        {
            progress = await (await admin.GetAsync($"/api/v1/registry-changes/{change}")).AssertJsonAsync(HttpStatusCode.OK);
            return progress.GetProperty("status").GetString() == "done";
        }, $"registry change {change} to be re-evaluated");
        return progress;
    }

    private async Task<JsonElement> DeclarationAsync(string code) =>
        await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}")).AssertJsonAsync(HttpStatusCode.OK);

    private Task<List<Features.Alerts.Alert>> AlertsAsync() => App.WithDbAsync(db => db.Alerts.AsNoTracking().ToListAsync());

    [Fact]
    public async Task A_high_risk_designation_previewed_then_written_gives_the_traveler_home_isolation_and_tells_the_community()
    {
        var (admin, code) = await ArrangeAsync();

        var preview = await (await admin.PostAsJsonAsync("/api/v1/risk-areas/impact", new { change = "create", riskArea = HighRiskXian }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, preview.GetProperty("candidates").GetInt32());
        Assert.Equal(1, preview.GetProperty("changed").GetInt32());
        var transition = Assert.Single(preview.GetProperty("transitions").EnumerateArray());
        Assert.Equal(("threeDayTwoTests", "homeIsolation", 1), (transition.GetProperty("from").GetString(), transition.GetProperty("to").GetString(), transition.GetProperty("count").GetInt32()));
        Assert.Equal("150802001001", Assert.Single(preview.GetProperty("byCommunity").EnumerateArray()).GetProperty("community").GetString());
        Assert.Equal("张*", Assert.Single(preview.GetProperty("sample").EnumerateArray()).GetProperty("travelerName").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));

        var written = await (await admin.PostAsJsonAsync("/api/v1/risk-areas", HighRiskXian, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var progress = await DoneAsync(admin, written.GetProperty("registryChange").GetString()!);

        Assert.Equal((1, 1, 1), (progress.GetProperty("candidates").GetInt32(), progress.GetProperty("processed").GetInt32(), progress.GetProperty("changed").GetInt32()));
        var declaration = await DeclarationAsync(code);
        Assert.Equal("homeIsolation", declaration.GetProperty("decision").GetProperty("measure").GetString());
        var history = declaration.GetProperty("decisionHistory").EnumerateArray().ToList();
        Assert.Equal(["declared", "reevaluated"], history.Select(h => h.GetProperty("occasion").GetString()));
        Assert.Equal(written.GetProperty("registryChange").GetString(), history[1].GetProperty("cause").GetProperty("registryChange").GetString());
        Assert.Equal(Features.Alerts.AlertKind.MeasureChanged, Assert.Single(await AlertsAsync()).Kind);

        var worker = await App.ClientForAsync(WorkerEmail, WorkerPassword);
        var alerts = await (await worker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("measureChanged", Assert.Single(alerts.EnumerateArray()).GetProperty("kind").GetString());
        var people = await (await worker.GetAsync("/api/v1/follow-ups/people?on=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("homeIsolation", Assert.Single(people.EnumerateArray()).GetProperty("measure").GetString());

        // The traveler's page says what changed and why; the command center counts the re-decision, not as a positive.
        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}", TestContext.Current.CancellationToken));
        Assert.Contains("居家隔离", page.QuerySelector("[data-testid=measure-changed]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=history-item]").Length);
        var report = await (await admin.GetAsync("/api/v1/reports/daily?date=2022-11-17", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var community = Assert.Single(report.GetProperty("communities").EnumerateArray());
        Assert.Equal((1, 1, 0), (community.GetProperty("redecided").GetInt32(), community.GetProperty("measureChanged").GetInt32(), community.GetProperty("positives").GetInt32()));
    }

    [Fact]
    public async Task The_admin_previews_a_designation_on_the_page_before_confirming_it()
    {
        var (_, code) = await ArrangeAsync();
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/Admin/RiskAreas", TestContext.Current.CancellationToken));
        var form = new Dictionary<string, string>
        {
            ["Add.Region"] = "610113",
            ["Add.Level"] = "high",
            ["Add.From"] = "2022-11-15",
            ["__RequestVerificationToken"] = token,
        };

        var preview = await (await browser.PostAsync("/Admin/RiskAreas?handler=Preview", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("1", preview.QuerySelector("[data-testid=impact-counts]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("3天2检 → 居家隔离: 1", preview.QuerySelector("[data-testid=transition]")!.TextContent.Trim());
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));

        var saved = await browser.PostAsync("/Admin/RiskAreas?handler=Add", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var change = await App.WithDbAsync(db => db.RegistryChanges.SingleAsync());
        var admin = await App.AdminClientAsync();
        await DoneAsync(admin, change.Id.ToString());
        var page = Html.Parse(await browser.GetStringAsync("/Admin/RiskAreas", TestContext.Current.CancellationToken));
        Assert.Equal("done", page.QuerySelector("[data-testid=registry-change]")?.GetAttribute("data-status"));
        Assert.Equal("homeIsolation", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());

        // A lift is previewed too: lifted from 11-15 on, the stay no longer counts.
        var id = page.QuerySelector("[data-testid=risk-area]")!.GetAttribute("data-id");
        var lift = await (await browser.PostAsync($"/Admin/RiskAreas?handler=PreviewChange&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["lastDay"] = "2022-11-15",
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(page.DocumentElement.OuterHtml),
        }), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("居家隔离 → 3天2检: 1", lift.QuerySelector("[data-testid=transition]")?.TextContent.Trim());
        Assert.Null(await App.WithDbAsync(db => db.RiskAreas.Select(r => r.To).SingleAsync()));
        Assert.NotNull(lift.QuerySelector("[data-testid=impact] form[action*='handler=Lift'] [data-testid=confirm]"));
    }

    [Fact]
    public async Task The_admin_previews_a_whole_csv_file_before_importing_it()
    {
        var (_, code) = await ArrangeAsync();
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/Admin/RiskAreas", TestContext.Current.CancellationToken));
        const string csv = "region,area,level,from,to\n610113,,high,2022-11-15,\n150102,,medium,2022-11-01,\n";
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "areas.csv" },
            { new StringContent(token), "__RequestVerificationToken" },
        };

        var preview = await (await browser.PostAsync("/Admin/RiskAreas?handler=ImportPreview", upload, TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("涉及报备 1 份，其中 1 份的管控措施会改变。", preview.QuerySelector("[data-testid=import-impact-counts]")?.TextContent.Trim());
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));

        var confirmed = await browser.PostAsync("/Admin/RiskAreas?handler=ImportConfirmed", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csv"] = preview.QuerySelector("[data-testid=import-impact] input[name=csv]")!.GetAttribute("value")!,
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));
        await DoneAsync(await App.AdminClientAsync(), (await App.WithDbAsync(db => db.RegistryChanges.SingleAsync())).Id.ToString());
        Assert.Equal("homeIsolation", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());
    }

    [Fact]
    public async Task A_back_dated_designation_after_arrival_re_decides_a_traveler_already_home()
    {
        var (admin, code) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 22, 9, 0, 0, TimeSpan.FromHours(8)));
        admin = await App.AdminClientAsync();

        // Announced on 11-22, in force since 11-18: the traveler was in Xi'an then.
        var written = await (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "610113", level = "high", from = "2022-11-18" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        await DoneAsync(admin, written.GetProperty("registryChange").GetString()!);

        Assert.Equal("homeIsolation", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());
    }

    [Fact]
    public async Task A_designation_that_ended_before_the_stay_concerns_no_one()
    {
        var (admin, _) = await ArrangeAsync();

        var preview = await (await admin.PostAsJsonAsync("/api/v1/risk-areas/impact",
            new { change = "create", riskArea = new { region = "610113", level = "high", from = "2022-11-01", to = "2022-11-15" } }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, preview.GetProperty("candidates").GetInt32());
    }

    [Fact]
    public async Task A_designation_that_changes_nothing_re_decides_without_an_alert()
    {
        var (admin, code) = await ArrangeAsync();

        var written = await (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "610113", level = "low", from = "2022-11-15" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var progress = await DoneAsync(admin, written.GetProperty("registryChange").GetString()!);

        Assert.Equal((1, 0), (progress.GetProperty("candidates").GetInt32(), progress.GetProperty("changed").GetInt32()));
        Assert.Equal("threeDayTwoTests", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());
        Assert.Empty(await AlertsAsync());
    }

    [Fact]
    public async Task Lifting_the_designation_before_the_stay_gives_the_measure_back_and_deleting_it_too()
    {
        var (admin, code) = await ArrangeAsync();
        var written = await (await admin.PostAsJsonAsync("/api/v1/risk-areas", HighRiskXian, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        await DoneAsync(admin, written.GetProperty("registryChange").GetString()!);
        var id = written.GetProperty("id").GetString();

        var preview = await (await admin.PostAsJsonAsync("/api/v1/risk-areas/impact", new
        {
            change = "update",
            id,
            riskArea = new { region = "610113", level = "high", from = "2022-11-10", to = "2022-11-15" },
        }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("homeIsolation", Assert.Single(preview.GetProperty("transitions").EnumerateArray()).GetProperty("from").GetString());
        var lifted = await (await admin.PutAsJsonAsync($"/api/v1/risk-areas/{id}", new { region = "610113", level = "high", from = "2022-11-10", to = "2022-11-15" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        await DoneAsync(admin, lifted.GetProperty("registryChange").GetString()!);
        Assert.Equal("threeDayTwoTests", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());

        // Back to high risk over the stay, then the entry deleted as made in error.
        var again = await (await admin.PutAsJsonAsync($"/api/v1/risk-areas/{id}", HighRiskXian, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        await DoneAsync(admin, again.GetProperty("registryChange").GetString()!);
        Assert.Equal("homeIsolation", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());
        var deleted = await admin.DeleteAsync($"/api/v1/risk-areas/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await DoneAsync(admin, deleted.Headers.GetValues("Registry-Change").Single());

        var declaration = await DeclarationAsync(code);
        Assert.Equal("threeDayTwoTests", declaration.GetProperty("decision").GetProperty("measure").GetString());
        Assert.Equal(5, declaration.GetProperty("decisionHistory").GetArrayLength());
        Assert.Equal(4, (await AlertsAsync()).Count);
    }

    [Fact]
    public async Task A_scanned_traveler_is_re_decided_with_the_scan_time_temperature_and_certificate()
    {
        var (admin, code) = await ArrangeAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "g7@test.entrycontrol.cn", password = "Officer-pass-1", role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var scannedAt = new DateTimeOffset(2022, 11, 20, 11, 30, 0, TimeSpan.FromHours(8));
        App.Clock.Set(scannedAt);
        var officer = await App.ClientForAsync("g7@test.entrycontrol.cn", "Officer-pass-1");
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.4 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        App.Clock.Set(scannedAt.AddDays(1));
        admin = await App.AdminClientAsync();

        var written = await (await admin.PostAsJsonAsync("/api/v1/risk-areas", HighRiskXian, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        await DoneAsync(admin, written.GetProperty("registryChange").GetString()!);

        var record = await App.WithDbAsync(db => db.DecisionRecords.AsNoTracking().SingleAsync(r => r.Occasion == DecisionOccasion.Reevaluated));
        Assert.Equal(scannedAt, record.DecidedFor);
        var input = StoredJson.ReadEngineInput(record.InputJson);
        Assert.Equal(scannedAt, input.ArrivalAt);
        Assert.Equal(36.4m, input.TemperatureCelsius);
        Assert.Equal(EntryControl.Rules.Measure.HomeIsolation, record.Measure);
    }

    [Fact]
    public async Task Running_a_change_again_re_decides_no_one_twice_and_resumes_after_a_restart()
    {
        var (admin, code) = await ArrangeAsync();
        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(idNumber: "110105198001010016"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        // What a crash leaves behind: the change committed with its designation, one declaration's batch committed,
        // the change still running, no job for it.
        var change = await App.WithDbAsync(async db =>
        {
            var area = new RiskArea { Id = Guid.CreateVersion7(), Region = "610113", Level = EntryControl.Rules.RiskLevel.High, From = new DateOnly(2022, 11, 15), CreatedAt = App.Clock.GetUtcNow(), UpdatedAt = App.Clock.GetUtcNow() };
            var registryChange = new RegistryChange
            {
                Id = Guid.CreateVersion7(),
                Kind = RegistryChangeKind.Create,
                BeforeJson = "[]",
                AfterJson = RegistryChangeJson.Write([area.ToDesignation()]),
                Status = RegistryChangeStatus.Running,
                CreatedAt = App.Clock.GetUtcNow(),
            };
            db.AddRange(area, registryChange);
            await db.SaveChangesAsync();
            return registryChange.Id;
        });
        App.Services.GetRequiredService<DesignationRegistry>().Invalidate();
        var first = await App.WithDbAsync(db => db.Declarations.Where(d => d.Code == code).Select(d => d.Id).SingleAsync());
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Data.EntryControlDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            var redecided = await scope.ServiceProvider.GetRequiredService<DeclarationService>().ReevaluateAsync(first, change, TestContext.Current.CancellationToken);
            Assert.True(redecided?.Changed);
            scope.ServiceProvider.GetRequiredService<Features.Alerts.AlertService>().Raise(first, redecided!.CommunityCode, Features.Alerts.AlertKind.MeasureChanged);
            await db.Database.ExecuteSqlAsync($"UPDATE registry_changes SET candidates = 2, processed = 1, changed = 1 WHERE id = {change}", TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        // Resumed (twice, at once, as two instances might): each declaration is re-decided exactly once.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReevaluationService>().ProcessAsync(change, TestContext.Current.CancellationToken);
        }));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReevaluationService>().ProcessAsync(change, TestContext.Current.CancellationToken);
        }

        var records = await App.WithDbAsync(db => db.DecisionRecords.AsNoTracking().Where(r => r.RegistryChangeId == change).Select(r => r.DeclarationId).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.Equal(2, records.Distinct().Count());
        var done = await App.WithDbAsync(db => db.RegistryChanges.AsNoTracking().SingleAsync(c => c.Id == change));
        Assert.Equal((RegistryChangeStatus.Done, 2, 2, 2), (done.Status, done.Candidates, done.Processed, done.Changed));
        Assert.Equal(2, (await AlertsAsync()).Count);
    }

    [Fact]
    public async Task Two_portal_instances_on_one_database_re_decide_a_change_exactly_once()
    {
        var (_, code) = await ArrangeAsync();
        string[] others = ["110105198001010016", "110105198502020028", "110105199003030031"];
        foreach (var id in others)
        {
            (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(idNumber: id), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        // A second instance: its own host and Quartz scheduler, the same PostgreSQL (and so the same cluster).
        await using var second = App.WithWebHostBuilder(_ => { });
        second.StartServer();
        await Eventually.HoldsAsync(
            async () => await App.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM qrtz_scheduler_state").SingleAsync()) >= 2,
            "both instances to check in to the cluster");
        var admin = await App.AdminClientAsync();
        var token = (await (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = EntryControlApp.AdminEmail, password = EntryControlApp.AdminPassword }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.OK)).GetProperty("accessToken").GetString();
        var adminOnSecond = second.CreateClient();
        adminOnSecond.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var written = await (await adminOnSecond.PostAsJsonAsync("/api/v1/risk-areas", HighRiskXian, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var change = written.GetProperty("registryChange").GetString()!;
        var progress = await DoneAsync(admin, change);

        var declarations = await App.WithDbAsync(db => db.Declarations.CountAsync());
        var records = await App.WithDbAsync(db => db.DecisionRecords.AsNoTracking().Where(r => r.RegistryChangeId == Guid.Parse(change)).Select(r => r.DeclarationId).ToListAsync());
        Assert.Equal(declarations, records.Count);
        Assert.Equal(declarations, records.Distinct().Count());
        Assert.Equal((declarations, declarations), (progress.GetProperty("candidates").GetInt32(), progress.GetProperty("processed").GetInt32()));
        Assert.Equal(declarations, (await AlertsAsync()).Count);
        Assert.Equal("homeIsolation", (await DeclarationAsync(code)).GetProperty("decision").GetProperty("measure").GetString());
    }
}
