using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>Seed 001 九: "由各卡口核查报备或接收证明，未报备的不得进入我市" — registered 3 days ahead, or a receipt certificate.</summary>
public sealed class FreightReceiptTests(EntryControlApp app) : AppTest(app)
{
    // The test clock stands at 2022-11-17 10:00 (China time): 11-20 10:00 is exactly 3 days ahead, 11-18 is late.
    private const string OnTimeArrival = "2022-11-20T10:00:00+08:00";
    private const string LateArrival = "2022-11-18T10:00:00+08:00";

    public static object Freight(string arrivalAt, object? receipt = null, string idNumber = DeclarationApiTests.ValidResidentId,
        string travelerType = "freightDriver", bool? transit = null, string? checkpoint = null, string? community = "150802001001") => new
        {
            traveler = new { name = "赵六", idType = "residentId", idNumber, phone = "13900000000" },
            community,
            address = community is null ? null : "临河区物流园",
            checkpoint,
            trip = new
            {
                arrivalAt,
                stays = new[] { new { region = "150202", from = "2022-11-16", to = "2022-11-17" } },
                nucleicAcidTest = new { sampledAt = "2022-11-17T08:00:00+08:00", result = "negative" },
                travelerType,
                transit,
            },
            vehicle = new { plate = "蒙B12345", company = "包头物流", receipt },
            attestation = true,
        };

    private async Task SeedAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_late_freight_driver_without_a_receipt_is_refused_entry_and_told_why()
    {
        await SeedAsync();

        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Freight(LateArrival), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal("late", created.GetProperty("registration").GetString());
        Assert.False(created.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Contains(created.GetProperty("decision").GetProperty("explanations").EnumerateArray(),
            e => e.GetString()!.Contains("接收证明", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_late_freight_driver_with_a_receipt_is_admitted_closed_loop_and_the_receipt_is_kept()
    {
        await SeedAsync();

        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            Freight(LateArrival, receipt: new { company = " 临河区粮油公司 ", number = "JS-2022-1117" }), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal("late", created.GetProperty("registration").GetString());
        Assert.True(created.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("closedLoopTransit", created.GetProperty("decision").GetProperty("measure").GetString());
        var read = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{created.GetProperty("code").GetString()}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var receipt = read.GetProperty("vehicle").GetProperty("receipt");
        Assert.Equal("临河区粮油公司", receipt.GetProperty("company").GetString());
        Assert.Equal("JS-2022-1117", receipt.GetProperty("number").GetString());
    }

    [Fact]
    public async Task An_on_time_freight_driver_without_a_receipt_is_admitted()
    {
        await SeedAsync();

        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Freight(OnTimeArrival), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal("onTime", created.GetProperty("registration").GetString());
        Assert.True(created.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("closedLoopTransit", created.GetProperty("decision").GetProperty("measure").GetString());
    }

    [Fact]
    public async Task Amending_away_the_receipt_of_a_late_driver_refuses_entry_and_adding_it_back_admits()
    {
        await SeedAsync();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            Freight(LateArrival, receipt: new { company = "临河区粮油公司", number = "JS-1" }), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString();

        var without = await (await App.CreateClient().PutAsJsonAsync($"/api/v1/declarations/{code}", Freight(LateArrival), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(without.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal(JsonValueKindNull, without.GetProperty("vehicle").GetProperty("receipt").ValueKind);

        var with = await (await App.CreateClient().PutAsJsonAsync($"/api/v1/declarations/{code}",
            Freight(LateArrival, receipt: new { company = "临河区粮油公司", number = "JS-2" }), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(with.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("JS-2", with.GetProperty("vehicle").GetProperty("receipt").GetProperty("number").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("临河区粮油公司", null, "vehicle.receipt.number")]
    [InlineData(null, "JS-1", "vehicle.receipt.company")]
    [InlineData("临河区\u0007粮油公司", "JS-1", "vehicle.receipt.company")]
    [InlineData("临河区粮油公司", "JS-\n1", "vehicle.receipt.number")]
    [InlineData("临河区粮油公司", "0123456789012345678901234567890123456789012345678901234567890123456789", "vehicle.receipt.number")]
    public async Task A_receipt_needs_both_fields_short_and_without_control_characters(string? company, string? number, string field)
    {
        await SeedAsync();

        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", Freight(LateArrival, receipt: new { company, number }), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_receipt_is_for_freight_drivers_only()
    {
        await SeedAsync();

        var response = await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            Freight(LateArrival, receipt: new { company = "临河区粮油公司", number = "JS-1" }, travelerType: "person"), TestContext.Current.CancellationToken);

        await response.AssertValidationProblemAsync("vehicle.receipt");
    }

    [Fact]
    public async Task At_the_checkpoint_a_late_driver_with_a_receipt_passes_and_a_walk_in_without_one_is_refused()
    {
        await SeedAsync();
        var ahead = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations",
            Freight(LateArrival, receipt: new { company = "临河区粮油公司", number = "JS-1" }), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        App.Clock.Set(new DateTimeOffset(2022, 11, 18, 9, 55, 0, TimeSpan.FromHours(8)));
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");

        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = ahead.GetProperty("code").GetString(), checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(scan.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
        Assert.Equal("JS-1", scan.GetProperty("declaration").GetProperty("vehicle").GetProperty("receipt").GetProperty("number").GetString());

        // A walk-in registered by the officer is late whatever its arrival time says.
        var walkIn = await (await officer.PostAsJsonAsync("/api/v1/declarations", Freight("2022-11-21T10:00:00+08:00", idNumber: "110105201501010017"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("late", walkIn.GetProperty("registration").GetString());
        Assert.False(walkIn.GetProperty("decision").GetProperty("entryAllowed").GetBoolean());
    }
}
