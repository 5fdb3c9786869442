using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.FollowUps;

/// <summary>api.md "Measure lifecycle": progress, late results, release (解除), landing tests, the 接收 handover.</summary>
public sealed class MeasureLifecycleTests(EntryControlApp app) : AppTest(app)
{
    private const string Xinhua = "150802001001";
    private const string Jiefang = "150802001002";
    private const string Password = "Staff-pass-123";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Traveler(Guid Id, string Code);

    /// <summary>新华社区 and 解放社区, and a worker of 新华 (signed in again whenever the clock moves, as tokens expire).</summary>
    private async Task<string> ArrangeAsync()
    {
        // Clause 五's 3天2检 is only advised; the community follows clause 二's (same days and tests).
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Jiefang, name = "解放社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        return await NewStaffAsync("communityWorker", communities: [Xinhua]);
    }

    private async Task<string> NewStaffAsync(string role, string? checkpoint = null, string[]? communities = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.entrycontrol.cn";
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, checkpoint, communities }, Ct)).EnsureSuccessStatusCode();
        return email;
    }

    private async Task<HttpClient> At(DateTimeOffset now, string email)
    {
        App.Clock.Set(now);
        return await App.ClientForAsync(email, Password);
    }

    private async Task<Traveler> DeclareAsync(object body)
    {
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body, Ct)).AssertJsonAsync(HttpStatusCode.Created);
        return new Traveler(created.GetProperty("id").GetGuid(), created.GetProperty("code").GetString()!);
    }

    private async Task<JsonElement> ProgressAsync(Traveler traveler) =>
        (await (await App.CreateClient().GetAsync($"/api/v1/declarations/{traveler.Code}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("progress");

    private static string Describe(JsonElement progress) =>
        string.Join(' ', new[] { "state", "measure", "day", "of" }
            .Where(p => progress.TryGetProperty(p, out var value) && value.ValueKind != JsonValueKind.Null)
            .Select(p => progress.GetProperty(p).ToString()));

    private static async Task<JsonElement> ListAsync(HttpClient worker, string on) =>
        await (await worker.GetAsync("/api/v1/follow-ups?on=" + on, Ct)).AssertJsonAsync(HttpStatusCode.OK);

    private static Task<HttpResponseMessage> RecordAsync(HttpClient worker, Traveler traveler, string date, string sampledAt, string? result) =>
        worker.PostAsJsonAsync("/api/v1/follow-ups/tests", new { declarationId = traveler.Id, date, kind = "nat", sampledAt, result }, Ct);

    private static Task<HttpResponseMessage> ReleaseAsync(HttpClient client, Traveler traveler, object? body = null) =>
        client.PostAsJsonAsync($"/api/v1/declarations/{traveler.Id}/release", body ?? new { }, Ct);

    [Fact]
    public async Task A_three_day_two_test_traveler_is_day_1_of_3_on_arrival_and_is_released_once_both_tests_are_negative_and_the_phase_is_over()
    {
        var email = await ArrangeAsync();
        var traveler = await DeclareAsync(DeclarationApiTests.Body());
        Assert.Equal("notArrived", Describe(await ProgressAsync(traveler)));

        var worker = await At(new DateTimeOffset(2022, 11, 20, 12, 0, 0, China), email);
        Assert.Equal("underMeasure threeDayTwoTests 1 3", Describe(await ProgressAsync(traveler)));
        var item = (await ListAsync(worker, "2022-11-20"))[0];
        Assert.Equal("underMeasure threeDayTwoTests 1 3", Describe(item.GetProperty("progress")));
        Assert.Equal("test", item.GetProperty("kind").GetString());
        await (await ReleaseAsync(worker, traveler)).AssertProblemAsync(HttpStatusCode.Conflict);

        (await RecordAsync(worker, traveler, "2022-11-20", "2022-11-20T11:00:00+08:00", "negative")).EnsureSuccessStatusCode();
        worker = await At(new DateTimeOffset(2022, 11, 22, 16, 0, 0, China), email);
        Assert.Equal("underMeasure threeDayTwoTests 3 3", Describe(await ProgressAsync(traveler)));
        (await RecordAsync(worker, traveler, "2022-11-22", "2022-11-22T09:00:00+08:00", "negative")).EnsureSuccessStatusCode();
        // Both tests negative, but the phase's last day is today: not yet.
        await (await ReleaseAsync(worker, traveler)).AssertProblemAsync(HttpStatusCode.Conflict);

        worker = await At(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), email);
        Assert.Equal("awaitingRelease threeDayTwoTests", Describe(await ProgressAsync(traveler)));
        var awaiting = Assert.Single((await (await worker.GetAsync("/api/v1/follow-ups/releases?on=2022-11-23", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(traveler.Id, awaiting.GetProperty("declarationId").GetGuid());
        Assert.True(awaiting.GetProperty("releasable").GetBoolean());

        var released = await (await ReleaseAsync(worker, traveler, new { note = "两次核酸阴性" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), released.GetProperty("releasedAt").GetDateTimeOffset());
        var progress = await ProgressAsync(traveler);
        Assert.Equal("released threeDayTwoTests", Describe(progress));
        Assert.Equal(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), progress.GetProperty("releasedAt").GetDateTimeOffset());
        await (await ReleaseAsync(worker, traveler)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, (await ListAsync(worker, "2022-11-23")).GetArrayLength());
        Assert.Equal(0, (await (await worker.GetAsync("/api/v1/follow-ups/releases?on=2022-11-23", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());

        var audit = await App.WithDbAsync(db => db.AuditLog.Where(a => a.Action == AuditAction.Release).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(email, entry.UserEmail);
        Assert.Equal(traveler.Id.ToString(), entry.Detail);
        var stored = await App.WithDbAsync(db => db.MeasureReleases.SingleAsync());
        Assert.Equal(("两次核酸阴性", false, new DateOnly(2022, 11, 20), new DateOnly(2022, 11, 22)), (stored.Note, stored.Override, stored.From, stored.To));
    }

    [Fact]
    public async Task An_early_release_needs_an_override_with_a_reason_and_is_audited_with_it()
    {
        var email = await ArrangeAsync();
        var traveler = await DeclareAsync(DeclarationApiTests.Body());
        var other = await NewStaffAsync("communityWorker", communities: [Jiefang]);
        var worker = await At(new DateTimeOffset(2022, 11, 20, 12, 0, 0, China), email);
        var otherWorker = await App.ClientForAsync(other, Password);

        var refused = await (await ReleaseAsync(worker, traveler)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("尚未结束", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await ReleaseAsync(worker, traveler, new { @override = true })).AssertValidationProblemAsync("reason");
        await (await ReleaseAsync(worker, traveler, new { @override = true, reason = "   " })).AssertValidationProblemAsync("reason");
        await (await ReleaseAsync(otherWorker, traveler, new { @override = true, reason = "转外地" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ReleaseAsync(worker, new Traveler(Guid.NewGuid(), "x"), new { @override = true, reason = "转外地" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await App.WithDbAsync(db => db.MeasureReleases.CountAsync()));

        (await (await ReleaseAsync(worker, traveler, new { @override = true, reason = "经区指挥部批准转回原籍" })).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("releasedAt");
        Assert.Equal("released threeDayTwoTests", Describe(await ProgressAsync(traveler)));
        var entry = Assert.Single(await App.WithDbAsync(db => db.AuditLog.Where(a => a.Action == AuditAction.Release).ToListAsync()));
        Assert.Equal(email, entry.UserEmail);
        Assert.Contains("override", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("phaseNotOver", entry.Detail, StringComparison.Ordinal);
        Assert.Contains("经区指挥部批准转回原籍", entry.Detail, StringComparison.Ordinal);
        var stored = await App.WithDbAsync(db => db.MeasureReleases.SingleAsync());
        Assert.True(stored.Override);
        Assert.Equal("经区指挥部批准转回原籍", stored.Reason);

        // An admin may release too (here: a traveler with nothing left but an override).
        var second = await DeclareAsync(DeclarationApiTests.Body(idNumber: "11010519491231002X"));
        var admin = await App.AdminClientAsync();
        await (await ReleaseAsync(admin, second)).AssertProblemAsync(HttpStatusCode.Conflict);
        (await ReleaseAsync(admin, second, new { @override = true, reason = "核实为重复申报" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_test_recorded_without_a_result_awaits_it_until_the_result_is_entered()
    {
        var email = await ArrangeAsync();
        var traveler = await DeclareAsync(DeclarationApiTests.Body());
        var other = await NewStaffAsync("communityWorker", communities: [Jiefang]);
        var worker = await At(new DateTimeOffset(2022, 11, 20, 16, 0, 0, China), email);
        var otherWorker = await App.ClientForAsync(other, Password);

        var created = await RecordAsync(worker, traveler, "2022-11-20", "2022-11-20T15:00:00+08:00", null);
        var id = (await created.AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(["张三 2022-11-22 nat upcoming", "张三 2022-11-20 nat awaitingResult"], FollowUpApiTests.Lines(await ListAsync(worker, "2022-11-20")));
        var waiting = (await ListAsync(worker, "2022-11-21")).EnumerateArray().Single(i => i.GetProperty("status").GetString() == "awaitingResult");
        Assert.Equal(id, waiting.GetProperty("id").GetGuid());
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 15, 0, 0, China), waiting.GetProperty("sampledAt").GetDateTimeOffset());

        await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{id}/result", new { result = "maybe" }, Ct)).AssertValidationProblemAsync("result");
        await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{Guid.NewGuid()}/result", new { result = "negative" }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await otherWorker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{id}/result", new { result = "negative" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);

        (await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{id}/result", new { result = "negative" }, Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("id");
        Assert.Equal(["张三 2022-11-22 nat upcoming"], FollowUpApiTests.Lines(await ListAsync(worker, "2022-11-20")));
        // The same result again is a retry; a different one contradicts what was entered.
        (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{id}/result", new { result = "negative" }, Ct)).EnsureSuccessStatusCode();
        await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{id}/result", new { result = "positive" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await App.WithDbAsync(db => db.Alerts.CountAsync()));

        // A late positive raises the alert as recording one does.
        worker = await At(new DateTimeOffset(2022, 11, 22, 18, 0, 0, China), email);
        var second = (await (await RecordAsync(worker, traveler, "2022-11-22", "2022-11-22T08:00:00+08:00", null)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var entered = await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{second}/result", new { result = "positive" }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(entered.GetProperty("alert").GetBoolean());
        var alert = Assert.Single((await (await worker.GetAsync("/api/v1/alerts", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("positiveFollowUpTest", alert.GetProperty("kind").GetString());

        // A positive test stands in the way of a release.
        worker = await At(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), email);
        var refused = await (await ReleaseAsync(worker, traveler)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("阴性", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_landing_test_at_the_checkpoint_fulfils_the_first_days_test_and_counts_for_the_release()
    {
        var email = await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "临河收费站", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var officerEmail = await NewStaffAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var traveler = await DeclareAsync(DeclarationApiTests.Body());

        var officer = await At(new DateTimeOffset(2022, 11, 20, 10, 30, 0, China), officerEmail);
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = traveler.Code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "landingTestTaken", tubeNumber = "T-0042" }, Ct)).EnsureSuccessStatusCode();

        var worker = await App.ClientForAsync(email, Password);
        var list = await ListAsync(worker, "2022-11-20");
        Assert.Equal(["张三 2022-11-22 nat upcoming", "张三 2022-11-20 nat awaitingResult"], FollowUpApiTests.Lines(list));
        var landing = list[1];
        Assert.Equal("T-0042", landing.GetProperty("tubeNumber").GetString());
        // The lab enters a landing test's result, not the worker.
        await (await worker.PutAsJsonAsync($"/api/v1/follow-ups/tests/{landing.GetProperty("id").GetGuid()}/result", new { result = "negative" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);

        (await officer.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "negative" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(["张三 2022-11-22 nat upcoming"], FollowUpApiTests.Lines(await ListAsync(worker, "2022-11-20")));
        var person = Assert.Single((await (await worker.GetAsync("/api/v1/follow-ups/people?on=2022-11-20", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var taken = Assert.Single(person.GetProperty("taken").EnumerateArray());
        Assert.Equal(("2022-11-20", "negative", "T-0042"), (taken.GetProperty("date").GetString(), taken.GetProperty("result").GetString(), taken.GetProperty("tubeNumber").GetString()));

        worker = await At(new DateTimeOffset(2022, 11, 22, 9, 0, 0, China), email);
        (await RecordAsync(worker, traveler, "2022-11-22", "2022-11-22T08:00:00+08:00", "negative")).EnsureSuccessStatusCode();
        worker = await At(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), email);
        (await ReleaseAsync(worker, traveler)).EnsureSuccessStatusCode();
        var notice = await (await App.CreateClient().GetAsync($"/d/{traveler.Code}/release", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("T-0042", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Centralized_quarantine_tests_are_the_sites_and_the_worker_receives_the_traveler_the_day_after()
    {
        var email = await ArrangeAsync();
        // From abroad, 2 of 5 centralized days done at the port: centralized 11-20..11-22, then home 11-23..11-25 (NAT 11-23, 11-25).
        var body = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(), TestJson.Options)!;
        body["trip"]!["abroad"] = JsonSerializer.SerializeToNode(new { enteredChinaOn = "2022-11-17", centralizedQuarantineDays = 2 });
        var traveler = await DeclareAsync(body);

        var worker = await At(new DateTimeOffset(2022, 11, 20, 12, 0, 0, China), email);
        Assert.Equal("underMeasure centralizedQuarantine 1 3", Describe(await ProgressAsync(traveler)));
        // Nothing due while the site has the traveler; the handover and the first home test are coming up.
        Assert.Equal(["张三 2022-11-23 handover upcoming", "张三 2022-11-23 nat upcoming"], FollowUpApiTests.Lines(await ListAsync(worker, "2022-11-20")));
        Assert.Equal(0, await App.WithDbAsync(db => db.FollowUpTests.CountAsync(t => t.Measure == EntryControl.Rules.Measure.CentralizedQuarantine)));

        worker = await At(new DateTimeOffset(2022, 11, 23, 9, 0, 0, China), email);
        var list = await ListAsync(worker, "2022-11-23");
        Assert.Equal(["张三 2022-11-23 handover due", "张三 2022-11-23 nat due", "张三 2022-11-25 nat upcoming"], FollowUpApiTests.Lines(list));
        var handover = list[0];
        Assert.Equal(JsonValueKind.Null, handover.GetProperty("id").ValueKind);
        Assert.Equal(("centralizedQuarantine", "2022-11-22"), (handover.GetProperty("measure").GetString(), handover.GetProperty("phaseEnd").GetString()));
        Assert.Equal("underMeasure homeIsolation 1 3", Describe(handover.GetProperty("progress")));

        // The handover belongs to its day only.
        Assert.Equal(["张三 2022-11-23 nat overdue", "张三 2022-11-25 nat upcoming"], FollowUpApiTests.Lines(await ListAsync(worker, "2022-11-24")));
    }
}
