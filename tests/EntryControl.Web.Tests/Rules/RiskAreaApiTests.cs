using System.Net;
using System.Net.Http.Json;
using System.Text;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Rules;

public sealed class RiskAreaApiTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task Risk_areas_are_created_filtered_by_region_and_day_and_deleted()
    {
        var admin = await App.AdminClientAsync();
        var ruili = await (await admin.PostAsJsonAsync("/api/v1/risk-areas",
            new { region = "533102", area = " 姐告国门社区 ", level = "medium", from = "2021-06-20", to = (string?)null }, TestContext.Current.CancellationToken))
            .AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("姐告国门社区", ruili.GetProperty("area").GetString());
        (await admin.PostAsJsonAsync("/api/v1/risk-areas",
            new { region = "350322", area = "枫亭镇", level = "high", from = "2021-08-27", to = "2021-10-10" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var client = App.CreateClient();
        var inRuili = await client.GetFromJsonAsync<Paged<RiskAreaView>>("/api/v1/risk-areas?region=533102", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("533102", Assert.Single(inRuili!.Items).Region);
        var inFujian = await client.GetFromJsonAsync<Paged<RiskAreaView>>("/api/v1/risk-areas?region=350000", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("350322", Assert.Single(inFujian!.Items).Region);
        var activeLate = await client.GetFromJsonAsync<Paged<RiskAreaView>>("/api/v1/risk-areas?activeOn=2021-10-11", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("533102", Assert.Single(activeLate!.Items).Region);
        var activeEarly = await client.GetFromJsonAsync<Paged<RiskAreaView>>("/api/v1/risk-areas?activeOn=2021-06-19", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Empty(activeEarly!.Items);

        var deleted = await admin.DeleteAsync($"/api/v1/risk-areas/{ruili.GetProperty("id").GetGuid()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await admin.DeleteAsync($"/api/v1/risk-areas/{ruili.GetProperty("id").GetGuid()}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_designations_name_each_field()
    {
        var admin = await App.AdminClientAsync();

        var bad = await admin.PostAsJsonAsync("/api/v1/risk-areas",
            new { region = "530000", level = "severe", from = "2021-13-01" }, TestContext.Current.CancellationToken);
        await bad.AssertValidationProblemAsync("region", "level", "from");

        var backwards = await admin.PostAsJsonAsync("/api/v1/risk-areas",
            new { region = "533102", level = "high", from = "2021-07-01", to = "2021-06-01" }, TestContext.Current.CancellationToken);
        await backwards.AssertValidationProblemAsync("to");

        var badDay = await App.CreateClient().GetAsync("/api/v1/risk-areas?activeOn=yesterday", TestContext.Current.CancellationToken);
        await badDay.AssertValidationProblemAsync("activeOn");
    }

    [Fact]
    public async Task Only_admins_write_the_registry()
    {
        var body = new { region = "533102", level = "high", from = "2021-07-01" };
        await (await App.CreateClient().PostAsJsonAsync("/api/v1/risk-areas", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var officer = await App.StaffClientAsync("commandCenter");
        await (await officer.PostAsJsonAsync("/api/v1/risk-areas", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_csv_import_with_one_bad_row_reports_every_bad_row_and_imports_nothing()
    {
        const string csv = "region,area,level,from,to\n533102,姐告国门社区,medium,2021-06-20,\n999999,,high,2021-06-20,\n350322,\"枫亭镇\",extreme,2021-08-27,2021-08-01\n";

        var result = await ImportAsync(csv);

        var invalid = Assert.IsType<EntryControl.Web.Infrastructure.ServiceResult<ImportResult>.Invalid>(result);
        Assert.Equal(["line 3: region", "line 4: level", "line 4: to"], invalid.Errors.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.RiskAreas.Count())));
    }

    [Fact]
    public async Task A_good_csv_import_stores_every_row()
    {
        const string csv = "\uFEFFregion,area,level,from,to\r\n533102,姐告国门社区,medium,2021-06-20,\r\n350322,\"枫亭镇\",high,2021-08-27,2021-10-01\r\n";

        var result = await ImportAsync(csv);

        Assert.Equal(2, Assert.IsType<EntryControl.Web.Infrastructure.ServiceResult<ImportResult>.Ok>(result).Value.Imported);
        var stored = await App.WithDbAsync(db => Task.FromResult(db.RiskAreas.OrderBy(r => r.Region).Select(r => r.Area).ToList()));
        Assert.Equal(["枫亭镇", "姐告国门社区"], stored);
    }

    [Fact]
    public async Task A_csv_without_the_header_is_refused()
    {
        var result = await ImportAsync("533102,姐告国门社区,medium,2021-06-20,\n");

        var invalid = Assert.IsType<EntryControl.Web.Infrastructure.ServiceResult<ImportResult>.Invalid>(result);
        Assert.Equal(["line 1: header"], invalid.Errors.Keys.ToArray());
    }

    private async Task<EntryControl.Web.Infrastructure.ServiceResult<ImportResult>> ImportAsync(string csv)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RiskAreaService>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await service.ImportCsvAsync(stream, TestContext.Current.CancellationToken);
    }
}
