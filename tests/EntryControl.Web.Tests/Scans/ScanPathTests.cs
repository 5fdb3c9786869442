using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// What the scan path no longer does on every scan (docs/benchmarks.md, Checkpoint scan under load): re-plan a follow-up
/// whose phases did not change, and read the officer's checkpoint. Each test makes the skipped read fail if it happens.
/// </summary>
public sealed class ScanPathTests(EntryControlApp app) : AppTest(app)
{
    private const string Xinhua = "150802001001";
    private const string G7 = "CP-LINHE-G7";
    private const string Bayan = "CP-LINHE-BAYAN";

    private async Task<string> ArrangeAsync()
    {
        // A traveler from 西安雁塔区 (3天2检): phases and tests the community follows, from the declared arrival on 11-20.
        await App.RequireThreeDayTwoTestsForXianAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = G7, name = "临河收费站", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Bayan, name = "巴彦淖尔站", kind = "rail", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    /// <summary>Every follow-up row of the declaration with its row version (<c>xmin</c>): equal lists mean nothing was written.</summary>
    private Task<string[]> FollowUpRowsAsync(string code) =>
        App.WithDbAsync(async db =>
        {
            var id = await db.Declarations.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
            var tests = await db.Database.SqlQuery<string>(
                    $"SELECT concat_ws(' ', 'test', id, date, kind, measure, phase_end, xmin) AS \"Value\" FROM follow_up_tests WHERE declaration_id = {id} ORDER BY date, kind")
                .ToListAsync();
            var phases = await db.Database.SqlQuery<string>(
                    $"SELECT concat_ws(' ', 'phase', id, measure, start, \"end\", xmin) AS \"Value\" FROM measure_phases WHERE declaration_id = {id} ORDER BY start")
                .ToListAsync();
            return tests.Concat(phases).ToArray();
        });

    private static Task<HttpResponseMessage> ScanAsync(HttpClient officer, string code, string checkpoint) =>
        officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint, temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_scan_whose_decision_keeps_the_phases_neither_reads_nor_writes_the_follow_up()
    {
        var code = await ArrangeAsync();
        var before = await FollowUpRowsAsync(code);
        Assert.Contains(before, row => row.StartsWith("test ", StringComparison.Ordinal));
        // Scanned at the declared arrival: decided again, the same phases and tests.
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: G7);

        App.Faults.FailCommandsFrom("follow_up_tests");
        var scanned = await ScanAsync(officer, code, G7);
        App.Faults.Disarm();

        await scanned.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(before, await FollowUpRowsAsync(code));
        Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task A_scan_whose_decision_moves_the_phases_re_plans_the_follow_up()
    {
        var code = await ArrangeAsync();
        var before = await FollowUpRowsAsync(code);
        // A day late: the phases start on the real arrival, and the tests move with them.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 10, 0, 0, TimeSpan.FromHours(8)));
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: G7);

        (await ScanAsync(officer, code, G7)).EnsureSuccessStatusCode();

        var after = await FollowUpRowsAsync(code);
        Assert.NotEqual(before, after);
        Assert.Contains(after, row => row.StartsWith("test ", StringComparison.Ordinal) && row.Contains(" 2022-11-21 ", StringComparison.Ordinal));
        Assert.DoesNotContain(after, row => row.Contains(" 2022-11-20 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_officers_checkpoint_is_not_read_again_for_each_scan()
    {
        var code = await ArrangeAsync();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: G7);
        (await ScanAsync(officer, code, G7)).EnsureSuccessStatusCode();

        // The session check and the officer's checkpoint are both known from the first scan: no account read at all.
        App.Faults.FailCommandsFrom("FROM staff_users");
        var again = await ScanAsync(officer, code, G7);
        App.Faults.Disarm();

        await again.AssertJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_officer_moved_to_another_checkpoint_by_an_admin_scans_only_there_from_the_next_scan_on()
    {
        var code = await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        var email = $"officer-{Guid.NewGuid():N}@test.entrycontrol.cn";
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = "Staff-pass-123", role = "checkpointOfficer", checkpoint = G7 }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
        var officer = await App.ClientForAsync(email, "Staff-pass-123");
        (await ScanAsync(officer, code, G7)).EnsureSuccessStatusCode();

        var id = created.GetProperty("id").GetString();
        (await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "checkpointOfficer", checkpoint = Bayan }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        // Within the cache's lifetime (Auth:SessionCheckSeconds), at once: the change forgot what this instance knew.
        await (await ScanAsync(officer, code, G7)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ScanAsync(officer, code, Bayan)).AssertJsonAsync(HttpStatusCode.OK);
    }
}
