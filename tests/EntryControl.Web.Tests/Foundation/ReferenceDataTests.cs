using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Foundation;

public sealed class ReferenceDataTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task A_county_is_found_by_code_with_its_parent_and_full_name()
    {
        var region = await App.CreateClient().GetAsync("/api/v1/regions/150802", TestContext.Current.CancellationToken);

        var body = await region.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("临河区", body.GetProperty("name").GetString());
        Assert.Equal("county", body.GetProperty("level").GetString());
        Assert.Equal("150800", body.GetProperty("parent").GetString());
        Assert.Equal("内蒙古自治区 巴彦淖尔市 临河区", body.GetProperty("fullName").GetString());
    }

    [Fact]
    public async Task Children_of_a_province_are_its_prefectures_and_no_parent_lists_the_provinces()
    {
        var client = App.CreateClient();
        var prefectures = await (await client.GetAsync("/api/v1/regions?parent=150000", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var provinces = await (await client.GetAsync("/api/v1/regions", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Contains(prefectures.EnumerateArray(), r => r.GetProperty("code").GetString() == "150800" && r.GetProperty("name").GetString() == "巴彦淖尔市");
        Assert.Equal(12, prefectures.GetArrayLength());
        Assert.Equal(31, provinces.GetArrayLength());
    }

    [Fact]
    public async Task A_prefecture_without_counties_counts_as_county_level()
    {
        var admin = await App.AdminClientAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/communities", new { code = "441900001", name = "东城街道社区", region = "441900" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task An_unknown_region_is_a_404_problem()
    {
        var client = App.CreateClient();

        await (await client.GetAsync("/api/v1/regions/999999", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/regions?parent=999999", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Communities_are_created_read_updated_and_deleted_by_an_admin()
    {
        var admin = await App.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/communities/150802001001", created.Headers.Location?.ToString());

        var updated = await admin.PutAsJsonAsync("/api/v1/communities/150802001001", new { name = "新华社区（更名）", region = "150802" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await admin.GetFromJsonAsync<CommunityView>("/api/v1/communities/150802001001", TestContext.Current.CancellationToken);
        await (await App.CreateClient().GetAsync("/api/v1/communities/150802001001", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("新华社区（更名）", read!.Name);
        Assert.Equal("内蒙古自治区 巴彦淖尔市 临河区", read.RegionName);

        var deleted = await admin.DeleteAsync("/api/v1/communities/150802001001", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await admin.GetAsync("/api/v1/communities/150802001001", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Community_validation_errors_are_problem_details_naming_each_field_and_store_nothing()
    {
        var admin = await App.AdminClientAsync();

        var bad = await admin.PostAsJsonAsync("/api/v1/communities", new { code = "bad code!", name = "", region = "150800" }, TestContext.Current.CancellationToken);

        await bad.AssertValidationProblemAsync("code", "name", "region");
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.Communities.Count())));
    }

    [Fact]
    public async Task A_duplicate_community_is_a_conflict()
    {
        var admin = await App.AdminClientAsync();
        var body = new { code = "150802001001", name = "新华社区", region = "150802" };
        (await admin.PostAsJsonAsync("/api/v1/communities", body, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await (await admin.PostAsJsonAsync("/api/v1/communities", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Checkpoint_validation_names_an_unknown_kind_and_a_non_county_region()
    {
        var admin = await App.AdminClientAsync();

        var bad = await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-1", name = "卡口", kind = "boat", region = "15" }, TestContext.Current.CancellationToken);

        await bad.AssertValidationProblemAsync("kind", "region");
    }

    [Fact]
    public async Task Checkpoints_are_written_by_admins_and_read_by_staff_only()
    {
        var admin = await App.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-ERENHOT-PORT", name = "二连浩特公路口岸", kind = "port", region = "152501" }, TestContext.Current.CancellationToken);
        var body = await created.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("port", body.GetProperty("kind").GetString());

        await (await App.CreateClient().GetAsync("/api/v1/checkpoints", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await App.CreateClient().PostAsJsonAsync("/api/v1/checkpoints", new { }, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_not_a_500()
    {
        var admin = await App.AdminClientAsync();

        var response = await admin.PostAsync("/api/v1/communities",
            new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
