using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Development.Benchmarks;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Scans;

/// <summary>
/// The load benchmark's raw-Npgsql floor: absent unless switched on, and then as guarded as the real scan; refused in
/// Production. A build without the development tools (Release) has no such endpoint at all, whatever the settings.
/// </summary>
public sealed class BaselineScanEndpointTests(EntryControlApp app) : AppTest(app)
{
    private const string OfficerEmail = "officer-baseline@test.entrycontrol.cn";
    private const string OfficerPassword = "Officer-pass-1";
    private const string NoDevelopmentTools = "EntryControl.Web was built without the development tools (EntryControlDevelopmentTools).";

    private static readonly bool WebBuildHasDevelopmentTools = typeof(Program).Assembly.GetReferencedAssemblies()
        .Any(a => a.Name == typeof(BaselineScanEndpoint).Assembly.GetName().Name);

    private async Task<string> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-RAIL", name = "临河火车站", kind = "rail", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = OfficerEmail, password = OfficerPassword, role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    private static async Task<HttpClient> OfficerAsync(WebApplicationFactory<Program> factory)
    {
        var signedIn = await (await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = OfficerEmail, password = OfficerPassword }))
            .Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn!.AccessToken);
        return client;
    }

    [Fact]
    public async Task The_baseline_endpoint_is_absent_by_default()
    {
        var code = await ArrangeAsync();
        var officer = await OfficerAsync(App);

        var response = await officer.PostAsJsonAsync(BaselineScanEndpoint.Path, new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Fact]
    public async Task Switched_on_it_records_a_scan_for_an_officer_at_their_own_checkpoint_only()
    {
        Assert.SkipUnless(WebBuildHasDevelopmentTools, NoDevelopmentTools);
        var code = await ArrangeAsync();
        await using var switchedOn = App.WithWebHostBuilder(builder => builder.UseSetting("Benchmarks:BaselineEndpoint", "true"));
        var officer = await OfficerAsync(switchedOn);

        var anonymous = await switchedOn.CreateClient().PostAsJsonAsync(BaselineScanEndpoint.Path, new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken);
        var elsewhere = await officer.PostAsJsonAsync(BaselineScanEndpoint.Path, new { code, checkpoint = "CP-LINHE-RAIL" }, TestContext.Current.CancellationToken);
        var unknown = await officer.PostAsJsonAsync(BaselineScanEndpoint.Path, new { code = "unknown-code", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken);
        var scanned = await (await officer.PostAsJsonAsync(BaselineScanEndpoint.Path, new { code, checkpoint = "CP-LINHE-G7", temperatureCelsius = 36.5 }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var stored = await App.WithDbAsync(db => db.CheckpointScans.SingleAsync());
        var declared = await App.WithDbAsync(db => db.DecisionRecords.SingleAsync());
        Assert.Equal(scanned.GetProperty("scanId").GetGuid(), stored.Id);
        Assert.Equal(declared.Id, stored.DecisionRecordId);
        Assert.Equal(declared.Measure, stored.Measure);
        Assert.Equal("CP-LINHE-G7", stored.CheckpointCode);
        Assert.Equal(36.5m, stored.TemperatureCelsius);

        Assert.Equal(HttpStatusCode.NoContent, (await App.CreateClient().DeleteAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).StatusCode);
        var cancelled = await officer.PostAsJsonAsync(BaselineScanEndpoint.Path, new { code, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
    }

    [Fact]
    public async Task Switched_on_in_Production_the_portal_refuses_to_start()
    {
        Assert.SkipUnless(WebBuildHasDevelopmentTools, NoDevelopmentTools);
        var failure = await HostStart.FailureOfAsync(App, builder => builder
            .UseEnvironment("Production")
            .UseSetting("Benchmarks:BaselineEndpoint", "true"));

        Assert.Contains("Benchmarks:BaselineEndpoint is for load benchmarks only and is refused in Production", failure, StringComparison.Ordinal);
    }
}
