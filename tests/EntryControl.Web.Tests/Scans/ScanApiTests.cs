using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

public sealed class ScanApiTests(EntryControlApp app) : AppTest(app)
{
    private async Task<(HttpClient Officer, string Code)> ArrangeAsync(object? declaration = null)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-RAIL", name = "临河火车站", kind = "rail", region = "150802" })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", declaration ?? DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" })).EnsureSuccessStatusCode();
        return (await App.ClientForAsync(OfficerEmail, OfficerPassword), created.GetProperty("code").GetString()!);
    }

    private const string OfficerEmail = "officer-g7@test.entrycontrol.cn";
    private const string OfficerPassword = "Officer-pass-1";

    /// <summary>Access tokens last an hour: after moving the clock on, the officer signs in again.</summary>
    private Task<HttpClient> SignInAgainAsync() => App.ClientForAsync(OfficerEmail, OfficerPassword);

    [Fact]
    public async Task A_temperature_not_taken_is_recorded_with_its_reason_and_never_together_with_a_temperature()
    {
        var (officer, code) = await ArrangeAsync();

        var both = await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5, temperatureNotMeasured = "测温枪故障" }, TestContext.Current.CancellationToken);
        var tooLong = await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureNotMeasured = new string('长', 101) }, TestContext.Current.CancellationToken);
        Assert.Contains("temperatureNotMeasured", (await both.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("temperatureNotMeasured", (await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name));

        (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureNotMeasured = " 测温枪故障 " }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var scan = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal("测温枪故障", scan.TemperatureNotMeasured);
    }

    [Fact]
    public async Task The_decision_is_recomputed_at_the_scan_time_when_the_certificate_has_expired()
    {
        var (officer, code) = await ArrangeAsync();
        // Declared: certificate sampled 11-19 09:00, arrival 11-20 10:00 (25 h: valid 48 h, no landing test).
        // Scanned 11-21 12:00: the certificate is 51 h old, so clause 五 now asks for a landing test.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 12, 0, 0, TimeSpan.FromHours(8)));
        officer = await SignInAgainAsync();

        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.True(scan.GetProperty("decision").GetProperty("landingTest").GetBoolean());
        Assert.Equal("2022-11-21", scan.GetProperty("decision").GetProperty("phases")[0].GetProperty("start").GetString());
        Assert.Equal("110105********002X", scan.GetProperty("declaration").GetProperty("traveler").GetProperty("idNumber").GetString());
        Assert.Equal("onTime", scan.GetProperty("registration").GetString());
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal("CP-LINHE-G7", stored.CheckpointCode);
        Assert.True(stored.LandingTest);
    }

    [Fact]
    public async Task Two_tablets_scanning_the_same_traveler_at_once_both_succeed_and_the_follow_up_is_planned_once()
    {
        var (officer, code) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 12, 0, 0, TimeSpan.FromHours(8)));
        officer = await SignInAgainAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(6, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
        var tests = await App.WithDbAsync(db => db.FollowUpTests.OrderBy(t => t.Date).Select(t => t.Date).ToListAsync());
        Assert.Equal([new DateOnly(2022, 11, 21), new DateOnly(2022, 11, 23)], tests);
        Assert.Equal(1, await App.WithDbAsync(db => db.MeasurePhases.CountAsync()));
    }

    [Fact]
    public async Task A_fever_at_the_checkpoint_means_medical_referral()
    {
        var (officer, code) = await ArrangeAsync();

        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 37.8 }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("medicalReferral", scan.GetProperty("decision").GetProperty("measure").GetString());
        Assert.Equal("referredToClinic", scan.GetProperty("recommendedOutcome").GetString());
    }

    [Fact]
    public async Task The_scan_answer_recommends_the_action_its_decision_calls_for()
    {
        var (officer, code) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 5, 0, TimeSpan.FromHours(8)));
        officer = await SignInAgainAsync();

        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        // A stay in Xi'an, outside Inner Mongolia: Bayannur clause 七 asks for a landing test, so the officer takes one.
        Assert.True(scan.GetProperty("decision").GetProperty("landingTest").GetBoolean());
        Assert.Equal("landingTestTaken", scan.GetProperty("recommendedOutcome").GetString());
    }

    [Fact]
    public async Task A_retried_scan_with_the_same_key_is_recorded_once()
    {
        var (officer, code) = await ArrangeAsync();

        async Task<HttpResponseMessage> ScanAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/scans") { Content = JsonContent.Create(new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.4 }) };
            request.Headers.Add("Idempotency-Key", "tablet-7-scan-1");
            return await officer.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var first = await (await ScanAsync()).AssertJsonAsync(HttpStatusCode.OK);
        var second = await (await ScanAsync()).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("scanId").GetGuid(), second.GetProperty("scanId").GetGuid());
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_code_is_a_404_telling_the_officer_to_register_a_walk_in()
    {
        var (officer, _) = await ArrangeAsync();

        var problem = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = "unknown-code", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("现场补录报备", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_officers_scan_and_only_at_their_own_checkpoint()
    {
        var (officer, code) = await ArrangeAsync();
        var body = new { code, checkpoint = "CP-LINHE-G7" };

        await (await App.CreateClient().PostAsJsonAsync("/api/v1/scans", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var worker = await App.StaffClientAsync("commandCenter");
        await (await worker.PostAsJsonAsync("/api/v1/scans", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-RAIL" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_queued_scan_keeps_its_earlier_scan_time_within_a_day_and_not_beyond()
    {
        var (officer, code) = await ArrangeAsync();
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 18, 0, 0, TimeSpan.FromHours(8)));
        officer = await SignInAgainAsync();

        await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", scannedAt = "2022-11-19T10:00:00+08:00" }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("scannedAt");
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", scannedAt = "2022-11-20T10:30:00+08:00" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 2, 30, 0, TimeSpan.Zero), stored.ScannedAt);
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 10, 0, 0, TimeSpan.Zero), stored.RecordedAt);
    }

    [Fact]
    public async Task The_outcome_is_recorded_and_bad_outcomes_are_named()
    {
        var (officer, code) = await ArrangeAsync();
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var scanId = scan.GetProperty("scanId").GetGuid();

        await (await officer.PostAsJsonAsync($"/api/v1/scans/{scanId}/outcome", new { outcome = "waved" }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("outcome");
        await (await officer.PostAsJsonAsync($"/api/v1/scans/{scanId}/outcome", new { outcome = "landingTestTaken" }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("tubeNumber");
        var recorded = await (await officer.PostAsJsonAsync($"/api/v1/scans/{scanId}/outcome", new { outcome = "landingTestTaken", tubeNumber = "T-0001" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("landingTestTaken", recorded.GetProperty("outcome").GetString());
        await (await officer.PostAsJsonAsync($"/api/v1/scans/{Guid.NewGuid()}/outcome", new { outcome = "released" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_positive_landing_test_raises_an_alert_that_the_community_and_the_command_center_see()
    {
        var (officer, code) = await ArrangeAsync();
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "landingTestTaken", tubeNumber = "T-0042" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await (await officer.PostAsJsonAsync("/api/v1/landing-tests/T-9999/result", new { result = "positive" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await officer.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "maybe" }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("result");
        var recorded = await officer.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "positive" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, recorded.StatusCode);

        var commandCenter = await App.StaffClientAsync("commandCenter");
        var alerts = await (await commandCenter.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal("positiveLandingTest", alert.GetProperty("kind").GetString());
        Assert.Equal("150802001001", alert.GetProperty("community").GetString());

        var ownWorker = await App.StaffClientAsync("communityWorker", communities: ["150802001001"]);
        Assert.Equal(1, (await (await ownWorker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001002", name = "团结社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var otherWorker = await App.StaffClientAsync("communityWorker", communities: ["150802001002"]);
        Assert.Equal(0, (await (await otherWorker.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());

        // Recording the same positive result again raises no second alert.
        (await officer.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "positive" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        Assert.Equal(1, await App.WithDbAsync(db => db.Alerts.CountAsync()));
    }

    [Fact]
    public async Task After_the_first_scan_the_traveler_can_no_longer_amend()
    {
        var (officer, code) = await ArrangeAsync();
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var amend = await App.CreateClient().PutAsJsonAsync($"/api/v1/declarations/{code}", DeclarationApiTests.Body(), TestContext.Current.CancellationToken);

        await amend.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_checkpoint_with_recorded_scans_cannot_be_deleted_even_after_its_officers_move()
    {
        var (officer, code) = await ArrangeAsync();
        (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var admin = await App.AdminClientAsync();
        var officerId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == OfficerEmail).Select(u => u.Id).SingleAsync());

        await (await admin.DeleteAsync("/api/v1/checkpoints/CP-LINHE-G7", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);
        (await admin.PutAsJsonAsync($"/api/v1/users/{officerId}", new { role = "checkpointOfficer", checkpoint = "CP-LINHE-RAIL" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var problem = await (await admin.DeleteAsync("/api/v1/checkpoints/CP-LINHE-G7", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("CP-LINHE-G7", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.Checkpoints.AnyAsync(c => c.Code == "CP-LINHE-G7")));
    }

}

public sealed class WalkInTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task A_freight_driver_registered_on_the_spot_or_the_same_morning_is_refused_unless_they_carry_a_receipt()
    {
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 9, 50, 0, TimeSpan.FromHours(8)));
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        static object Freight(string idNumber, object? receipt = null) => new
        {
            traveler = new { name = "赵六", idType = "residentId", idNumber, phone = "13900000000" },
            community = "150802001001",
            address = "临河区物流园",
            trip = new
            {
                arrivalAt = "2022-11-20T10:00:00+08:00",
                stays = new[] { new { region = "150202", from = "2022-11-19", to = "2022-11-20" } },
                nucleicAcidTest = new { sampledAt = "2022-11-19T20:00:00+08:00", result = "negative" },
                travelerType = "freightDriver",
            },
            vehicle = new { plate = "蒙B12345", company = "包头物流", receipt },
            attestation = true,
        };

        var walkIn = await (await officer.PostAsJsonAsync("/api/v1/declarations", Freight(DeclarationApiTests.ValidResidentId), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        // Declared by the driver ten minutes before arriving: not 3 days ahead, so no better than a walk-in.
        var sameMorning = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Freight("110105201501010017"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var withReceipt = await (await officer.PostAsJsonAsync("/api/v1/declarations", Freight("110105198001010016", new { company = "临河区粮油公司", number = "JS-7" }), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.False(walkIn.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("late", walkIn.GetProperty("registration").GetString());
        Assert.False(sameMorning.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("late", sameMorning.GetProperty("registration").GetString());
        Assert.True(withReceipt.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("closedLoopTransit", withReceipt.GetProperty("decision").GetProperty("measure").GetString());
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = walkIn.GetProperty("code").GetString(), checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(scan.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        var outcome = await (await officer.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "refused" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("refused", outcome.GetProperty("outcome").GetString());

        // An expired token is refused rather than silently filed as the traveler's own declaration.
        App.Clock.Advance(TimeSpan.FromHours(2));
        await (await officer.PostAsJsonAsync("/api/v1/declarations", Freight("110105201501010017"), TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
