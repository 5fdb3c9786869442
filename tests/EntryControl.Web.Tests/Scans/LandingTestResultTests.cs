using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// 落地检结果: only the checkpoint that took the tube (or an admin) records its result; another checkpoint's officer is
/// answered as for a tube that does not exist; a result changed later is audited with both values.
/// </summary>
public sealed class LandingTestResultTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Own, HttpClient Other)> ArrangeTubeAsync(string tube)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-WUYUAN", name = "五原卡口", kind = "road", region = "150821" }, Ct)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        var own = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var other = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-WUYUAN");
        var scan = await (await own.PostAsJsonAsync("/api/v1/scans", new { code = created.GetProperty("code").GetString(), checkpoint = "CP-LINHE-G7" }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        (await own.PostAsJsonAsync($"/api/v1/scans/{scan.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "landingTestTaken", tubeNumber = tube }, Ct)).EnsureSuccessStatusCode();
        return (own, other);
    }

    [Fact]
    public async Task An_officer_of_another_checkpoint_gets_the_answer_of_an_unknown_tube_and_changes_nothing()
    {
        var (own, other) = await ArrangeTubeAsync("T-0042");
        (await own.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "positive" }, Ct)).EnsureSuccessStatusCode();

        var known = await (await other.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "negative" }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        var unknown = await (await other.PostAsJsonAsync("/api/v1/landing-tests/T-9999/result", new { result = "negative" }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(unknown.GetProperty("title").GetString(), known.GetProperty("title").GetString());
        Assert.Equal(unknown.GetProperty("detail").GetString(), known.GetProperty("detail").GetString());
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        Assert.Equal(EntryControl.Rules.TestResult.Positive, stored.LandingTestResult);
    }

    [Fact]
    public async Task A_changed_result_is_audited_with_the_old_and_the_new_value_and_the_alert_raised_stays()
    {
        var (own, _) = await ArrangeTubeAsync("T-0042");
        (await own.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "positive" }, Ct)).EnsureSuccessStatusCode();
        (await own.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "positive" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == AuditAction.Correct)));

        (await own.PostAsJsonAsync("/api/v1/landing-tests/T-0042/result", new { result = "negative" }, Ct)).EnsureSuccessStatusCode();

        var entry = await App.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == AuditAction.Correct));
        Assert.Equal("landingTest", entry.Subject);
        Assert.Contains("T-0042: positive -> negative", entry.Detail, StringComparison.Ordinal);
        Assert.NotNull(entry.UserId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Alerts.CountAsync()));
        Assert.Equal(EntryControl.Rules.TestResult.Negative, (await App.WithDbAsync(db => db.CheckpointScans.SingleAsync())).LandingTestResult);
    }
}
