using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Scans;

/// <summary>The scan answers with the declaration as it stands after the scan, without reading it back.</summary>
public sealed class ScanResponseTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task The_scan_answer_shows_the_declaration_with_the_scan_decision_as_its_latest_and_read_only()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var coTraveler = new { name = "李四", idType = "residentId", idNumber = "110105201501010017" };
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(coTravelers: [coTraveler]), TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        // Scanned two days after the certificate was sampled: the decision at the scan differs from the declared one.
        App.Clock.Set(new DateTimeOffset(2022, 11, 21, 12, 0, 0, TimeSpan.FromHours(8)));
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");

        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.OK);
        var read = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        var declaration = scan.GetProperty("declaration");
        Assert.True(declaration.GetProperty("readOnly").GetBoolean());
        Assert.Equal(2, declaration.GetProperty("group").GetArrayLength());
        Assert.True(scan.GetProperty("decision").GetProperty("landingTest").GetBoolean());
        Assert.Equal(scan.GetProperty("decision").GetRawText(), declaration.GetProperty("decision").GetRawText());
        Assert.Equal(read.GetRawText(), declaration.GetRawText());
    }
}
