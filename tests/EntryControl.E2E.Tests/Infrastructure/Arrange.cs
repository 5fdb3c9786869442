using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.E2E.Tests.Infrastructure;

/// <summary>Data for the browser tests, made through the API as a traveler or an admin would.</summary>
public static class Arrange
{
    public const string Community = "150802001001";
    public const string Checkpoint = "CP-LINHE-G7";
    public const string OfficerEmail = "officer.g7@test.entrycontrol.cn";
    public const string OfficerPassword = "Officer-pass-1";
    public const string ResidentId = "11010519491231002X";

    /// <summary>The scan time the console tests use: ten minutes after the declared arrival.</summary>
    public static readonly DateTimeOffset ScanTime = new(2022, 11, 20, 10, 10, 0, TimeSpan.FromHours(8));

    /// <summary>A community in Linhe, the G7 toll-station checkpoint and its officer.</summary>
    public static async Task CheckpointWithOfficerAsync(this EntryControlApp app)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Community, name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = Checkpoint, name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = Checkpoint })).EnsureSuccessStatusCode();
    }

    /// <summary>Designates a risk area through the admin API.</summary>
    public static async Task RiskAreaAsync(this EntryControlApp app, string region, string area, string level, string from)
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region, area, level, from, to = (string?)null })).EnsureSuccessStatusCode();
    }

    /// <summary>Submits a declaration (as the traveler, or as <paramref name="by"/>) and returns its code.</summary>
    public static async Task<string> DeclareAsync(this EntryControlApp app, object body, HttpClient? by = null)
    {
        var created = await (await (by ?? app.CreateClient()).PostAsJsonAsync("/api/v1/declarations", body)).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    /// <summary>A traveler arriving on 2022-11-20 10:00 after a stay in <paramref name="stayRegion"/> (default Xi'an, outside Inner Mongolia).</summary>
    public static object Traveler(string name = "张三", string idNumber = ResidentId, string stayRegion = "610113", string[]? areas = null, bool homeIsolationFeasible = true) => new
    {
        traveler = new { name, idType = "residentId", idNumber, phone = "13800000000" },
        community = Community,
        address = "临河区新华街 1 号",
        trip = new
        {
            arrivalAt = "2022-11-20T10:00:00+08:00",
            stays = new[] { new { region = stayRegion, areas, from = "2022-11-16", to = "2022-11-19" } },
            nucleicAcidTest = new { sampledAt = "2022-11-19T09:00:00+08:00", result = "negative" },
            occupation = "none",
            travelerType = "person",
            homeIsolationFeasible,
        },
        attestation = true,
    };

    /// <summary>A freight driver from Baotou with a truck.</summary>
    public static object FreightDriver(string name = "赵六", string idNumber = ResidentId) => new
    {
        traveler = new { name, idType = "residentId", idNumber, phone = "13900000000" },
        community = Community,
        address = "临河区物流园",
        trip = new
        {
            arrivalAt = "2022-11-20T10:00:00+08:00",
            stays = new[] { new { region = "150202", from = "2022-11-19", to = "2022-11-20" } },
            nucleicAcidTest = new { sampledAt = "2022-11-19T20:00:00+08:00", result = "negative" },
            travelerType = "freightDriver",
        },
        vehicle = new { plate = "蒙B12345", company = "包头物流" },
        attestation = true,
    };
}
