using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// Writers meeting on one declaration or one tube: real concurrent requests, several races at once so that the requests
/// really overlap in some. Whatever the order, nothing answers 500 and what is stored is one order or the other.
/// </summary>
public sealed class ScanRaceTests(EntryControlApp app) : AppTest(app)
{
    private const int Rounds = 6;
    private const int Contenders = 3;
    private const string Checkpoint = "CP-LINHE-G7";

    private async Task<(HttpClient Officer, string[] Codes)> ArrangeAsync(int declarations)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: Checkpoint);
        var traveler = App.CreateClient();
        var codes = new string[declarations];
        for (var i = 0; i < declarations; i++)
        {
            var created = await (await traveler.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
            codes[i] = created.GetProperty("code").GetString()!;
        }

        return (officer, codes);
    }

    private static Task<HttpResponseMessage> ScanAsync(HttpClient officer, string code) =>
        officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = Checkpoint, temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task An_amend_racing_a_scan_is_either_refused_or_made_before_the_scan_which_then_decides_on_it()
    {
        var (officer, codes) = await ArrangeAsync(Rounds);
        var traveler = App.CreateClient();
        const string amendedRegion = "150102";

        var races = codes.Select(code => (
            Code: code,
            Amend: traveler.PutAsJsonAsync($"/api/v1/declarations/{code}", DeclarationApiTests.Body(stayRegion: amendedRegion), TestContext.Current.CancellationToken),
            Scan: ScanAsync(officer, code))).ToList();
        await Task.WhenAll(races.SelectMany(r => new[] { r.Amend, r.Scan }));

        foreach (var (code, amend, scan) in races)
        {
            await (await scan).AssertJsonAsync(HttpStatusCode.OK);
            var amended = (await amend).StatusCode == HttpStatusCode.OK;
            if (!amended)
            {
                await (await amend).AssertProblemAsync(HttpStatusCode.Conflict);
            }

            var (tripJson, scanInput) = await App.WithDbAsync(async db =>
            {
                var declaration = await db.Declarations.AsNoTracking().SingleAsync(d => d.Code == code);
                var scanned = await db.DecisionRecords.AsNoTracking().SingleAsync(r => r.DeclarationId == declaration.Id && r.Occasion == DecisionOccasion.Scanned);
                return (declaration.TripJson, scanned.InputJson);
            });
            // Amended: the amend came first and the scan decided on the amended trip. Refused: the scan came first and
            // the trip is as declared.
            Assert.Equal(amended, tripJson.Contains(amendedRegion, StringComparison.Ordinal));
            Assert.True(amended == scanInput.Contains(amendedRegion, StringComparison.Ordinal),
                $"Amend answered {(int)(await amend).StatusCode} but the scan decided on {scanInput}");
        }
    }

    [Fact]
    public async Task A_cancel_racing_a_scan_leaves_either_a_cancelled_declaration_without_scans_or_a_scanned_active_one()
    {
        var (officer, codes) = await ArrangeAsync(Rounds);
        var traveler = App.CreateClient();

        var races = codes.Select(code => (
            Code: code,
            Cancel: traveler.DeleteAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken),
            Scan: ScanAsync(officer, code))).ToList();
        await Task.WhenAll(races.SelectMany(r => new[] { r.Cancel, r.Scan }));

        foreach (var (code, cancel, scan) in races)
        {
            var cancelled = (await cancel).StatusCode == HttpStatusCode.NoContent;
            var scanned = (await scan).StatusCode == HttpStatusCode.OK;
            Assert.True(cancelled != scanned, $"Cancel answered {(int)(await cancel).StatusCode} and the scan {(int)(await scan).StatusCode}: exactly one may win.");
            await (cancelled ? await scan : await cancel).AssertProblemAsync(HttpStatusCode.Conflict);
            var (status, scans) = await App.WithDbAsync(async db =>
            {
                var declaration = await db.Declarations.AsNoTracking().SingleAsync(d => d.Code == code);
                return (declaration.Status, await db.CheckpointScans.CountAsync(s => s.DeclarationId == declaration.Id));
            });
            Assert.Equal(cancelled ? (DeclarationStatus.Cancelled, 0) : (DeclarationStatus.Active, 1), (status, scans));
        }
    }

    [Fact]
    public async Task Two_outcomes_racing_for_one_tube_number_give_it_to_one_scan_and_a_409_to_the_other()
    {
        var (officer, codes) = await ArrangeAsync(1);
        var scanIds = new List<Guid>();
        for (var i = 0; i < Contenders * Rounds; i++)
        {
            scanIds.Add((await (await ScanAsync(officer, codes[0])).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("scanId").GetGuid());
        }

        var races = scanIds.Chunk(Contenders).Select((scans, round) => (
            Tube: $"T-RACE-{round}",
            Responses: Task.WhenAll(scans.Select(id => officer.PostAsJsonAsync(
                $"/api/v1/scans/{id}/outcome", new { outcome = "landingTestTaken", tubeNumber = $"T-RACE-{round}" }, TestContext.Current.CancellationToken))))).ToList();
        await Task.WhenAll(races.Select(r => r.Responses));

        foreach (var (tube, responses) in races)
        {
            var answers = await responses;
            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var refused in answers.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await refused.AssertProblemAsync(HttpStatusCode.Conflict);
            }

            Assert.Equal(1, await App.WithDbAsync(db => db.CheckpointScans.CountAsync(s => s.TubeNumber == tube)));
        }
    }
}
