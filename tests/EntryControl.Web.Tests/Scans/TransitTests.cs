using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>途经: freight drivers passing through register without a community, are scanned in and out, and the command center sees who stays too long.</summary>
public sealed class TransitTests(EntryControlApp app) : AppTest(app)
{
    private const string Arrival = "2022-11-20T10:00:00+08:00";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static object Transit(string idNumber = DeclarationApiTests.ValidResidentId, string? checkpoint = "CP-LINHE-G7", string travelerType = "freightDriver") =>
        FreightReceiptTests.Freight(Arrival, idNumber: idNumber, travelerType: travelerType, transit: true, checkpoint: checkpoint, community: null);

    private async Task SeedAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-WUYUAN-G7", name = "京新高速五原卡口", kind = "road", region = "150821" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    private async Task<string> DeclareAsync(string idNumber = DeclarationApiTests.ValidResidentId)
    {
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Transit(idNumber), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    private async Task<HttpResponseMessage> ScanAsync(string checkpoint, string code, string? direction, DateTimeOffset at)
    {
        App.Clock.Set(at);
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: checkpoint);
        return await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint, direction }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_transit_driver_needs_no_community_or_address_and_is_decided_for_the_entry_checkpoints_county()
    {
        await SeedAsync();

        var code = await DeclareAsync();

        var read = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(read.GetProperty("transit").GetBoolean());
        Assert.Equal("CP-LINHE-G7", read.GetProperty("checkpoint").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("community").ValueKind);
        Assert.Equal("150802", read.GetProperty("destination").GetString());
        Assert.True(read.GetProperty("trip").GetProperty("transit").GetBoolean());
        Assert.Equal("closedLoopTransit", read.GetProperty("decision").GetProperty("measure").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.MeasurePhases.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Transit_is_for_freight_drivers_and_needs_a_known_entry_checkpoint()
    {
        await SeedAsync();
        var client = App.CreateClient();

        await (await client.PostAsJsonAsync("/api/v1/declarations", Transit(travelerType: "person"), TestContext.Current.CancellationToken)).AssertValidationProblemAsync("trip.transit");
        await (await client.PostAsJsonAsync("/api/v1/declarations", Transit(checkpoint: null), TestContext.Current.CancellationToken)).AssertValidationProblemAsync("checkpoint");
        await (await client.PostAsJsonAsync("/api/v1/declarations", Transit(checkpoint: "CP-NOWHERE"), TestContext.Current.CancellationToken)).AssertValidationProblemAsync("checkpoint");
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task An_exit_scan_records_the_exit_without_deciding_again_and_takes_no_outcome()
    {
        await SeedAsync();
        var code = await DeclareAsync();
        await (await ScanAsync("CP-LINHE-G7", code, null, new DateTimeOffset(2022, 11, 20, 10, 0, 0, China))).AssertJsonAsync(HttpStatusCode.OK);
        var decisions = await App.WithDbAsync(db => db.DecisionRecords.CountAsync(TestContext.Current.CancellationToken));

        var exit = await (await ScanAsync("CP-WUYUAN-G7", code, "exit", new DateTimeOffset(2022, 11, 20, 14, 0, 0, China))).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("exit", exit.GetProperty("direction").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, exit.GetProperty("recommendedOutcome").ValueKind);
        Assert.Equal(decisions, await App.WithDbAsync(db => db.DecisionRecords.CountAsync(TestContext.Current.CancellationToken)));
        var stored = await App.WithDbAsync(db => db.CheckpointScans.OrderBy(s => s.ScannedAt).Select(s => new { s.CheckpointCode, s.Direction }).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal([("CP-LINHE-G7", ScanDirection.Entry), ("CP-WUYUAN-G7", ScanDirection.Exit)], stored.Select(s => (s.CheckpointCode, s.Direction)));
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-WUYUAN-G7");
        await (await officer.PostAsJsonAsync($"/api/v1/scans/{exit.GetProperty("scanId").GetGuid()}/outcome", new { outcome = "released" }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_exit_before_any_entry_is_a_409_and_a_bad_direction_a_400()
    {
        await SeedAsync();
        var code = await DeclareAsync();

        await (await ScanAsync("CP-WUYUAN-G7", code, "exit", new DateTimeOffset(2022, 11, 20, 10, 0, 0, China))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await ScanAsync("CP-WUYUAN-G7", code, "sideways", new DateTimeOffset(2022, 11, 20, 10, 0, 0, China))).AssertValidationProblemAsync("direction");
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_transit_driver_not_recorded_leaving_within_24_hours_is_listed_for_the_command_center()
    {
        await SeedAsync();
        var stays = await DeclareAsync();
        var leaves = await DeclareAsync("110105201501010017");
        await (await ScanAsync("CP-LINHE-G7", stays, null, new DateTimeOffset(2022, 11, 20, 10, 0, 0, China))).AssertJsonAsync(HttpStatusCode.OK);
        await (await ScanAsync("CP-LINHE-G7", leaves, "entry", new DateTimeOffset(2022, 11, 20, 10, 5, 0, China))).AssertJsonAsync(HttpStatusCode.OK);
        await (await ScanAsync("CP-WUYUAN-G7", leaves, "exit", new DateTimeOffset(2022, 11, 20, 16, 0, 0, China))).AssertJsonAsync(HttpStatusCode.OK);

        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 9, 59, 0, China));
        var commandCenter = await App.StaffClientAsync("commandCenter");
        var early = await (await commandCenter.GetAsync("/api/v1/transit/overdue", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, early.GetArrayLength());

        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 10, 30, 0, China));
        commandCenter = await App.StaffClientAsync("commandCenter");
        var overdue = await (await commandCenter.GetAsync("/api/v1/transit/overdue", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        var line = Assert.Single(overdue.EnumerateArray());
        Assert.Equal("赵六", line.GetProperty("name").GetString());
        Assert.Equal("蒙B12345", line.GetProperty("plate").GetString());
        Assert.Equal("包头物流", line.GetProperty("company").GetString());
        Assert.Equal("CP-LINHE-G7", line.GetProperty("entryCheckpoint").GetString());
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 10, 0, 0, China), line.GetProperty("enteredAt").GetDateTimeOffset());
        Assert.Equal(24.5, line.GetProperty("hoursSinceEntry").GetDouble());
        var declarationId = await App.WithDbAsync(db => db.Declarations.Where(d => d.Code == stays).Select(d => d.Id).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(declarationId, line.GetProperty("declarationId").GetGuid());

        var admin = await App.AdminClientAsync();
        Assert.Equal(1, (await (await admin.GetAsync("/api/v1/transit/overdue", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Theory]
    [InlineData("checkpointOfficer")]
    [InlineData("communityWorker")]
    public async Task Other_roles_may_not_read_the_overdue_list(string role)
    {
        await SeedAsync();
        var client = await App.StaffClientAsync(role, checkpoint: role == "checkpointOfficer" ? "CP-LINHE-G7" : null, communities: role == "communityWorker" ? ["150802001001"] : null);

        await (await client.GetAsync("/api/v1/transit/overdue", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await App.CreateClient().GetAsync("/api/v1/transit/overdue", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
