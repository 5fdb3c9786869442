using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Foundation;

public sealed class StaffTests(EntryControlApp app) : AppTest(app)
{
    private async Task<HttpClient> AdminWithReferenceDataAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        return admin;
    }

    [Fact]
    public async Task A_user_created_by_an_admin_can_sign_in_with_their_role_and_scope()
    {
        var admin = await AdminWithReferenceDataAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            email = "officer@test.entrycontrol.cn",
            password = "Officer-pass-1",
            role = "checkpointOfficer",
            checkpoint = "CP-LINHE-G7",
        }, TestContext.Current.CancellationToken);
        var user = await created.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("checkpointOfficer", user.GetProperty("role").GetString());
        Assert.Equal("CP-LINHE-G7", user.GetProperty("checkpoint").GetString());

        var officer = await App.ClientForAsync("officer@test.entrycontrol.cn", "Officer-pass-1");
        var checkpoints = await officer.GetFromJsonAsync<CheckpointView[]>("/api/v1/checkpoints", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal("CP-LINHE-G7", Assert.Single(checkpoints!).Code);
        var users = await officer.GetAsync("/api/v1/users", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);

        var listed = await admin.GetFromJsonAsync<StaffUserView[]>("/api/v1/users", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Contains(listed!, u => u.Email == "officer@test.entrycontrol.cn" && u.Role == Roles.CheckpointOfficer);
    }

    [Fact]
    public async Task A_community_worker_is_created_with_their_communities()
    {
        var admin = await AdminWithReferenceDataAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/users", new
        {
            email = "worker@test.entrycontrol.cn",
            password = "Worker-pass-1",
            role = "communityWorker",
            communities = new[] { "150802001001" },
        }, TestContext.Current.CancellationToken);

        var user = await created.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["150802001001"], user.GetProperty("communities").EnumerateArray().Select(c => c.GetString()).ToArray());
        var stored = await App.WithDbAsync(async db => (await db.Users.FindAsync([user.GetProperty("id").GetGuid()], TestContext.Current.CancellationToken))!.Email);
        Assert.Equal("worker@test.entrycontrol.cn", stored);
    }

    [Fact]
    public async Task Bad_user_requests_name_each_bad_field()
    {
        var admin = await AdminWithReferenceDataAsync();

        var unknownRole = await admin.PostAsJsonAsync("/api/v1/users", new { email = "not-an-email", password = "x", role = "boss" }, TestContext.Current.CancellationToken);
        await unknownRole.AssertValidationProblemAsync("email", "role");

        var officerWithoutCheckpoint = await admin.PostAsJsonAsync("/api/v1/users",
            new { email = "a@test.entrycontrol.cn", password = "Long-enough-1", role = "checkpointOfficer" }, TestContext.Current.CancellationToken);
        await officerWithoutCheckpoint.AssertValidationProblemAsync("checkpoint");

        var unknownCheckpoint = await admin.PostAsJsonAsync("/api/v1/users",
            new { email = "a@test.entrycontrol.cn", password = "Long-enough-1", role = "checkpointOfficer", checkpoint = "CP-NOWHERE" }, TestContext.Current.CancellationToken);
        await unknownCheckpoint.AssertValidationProblemAsync("checkpoint");

        var weakPassword = await admin.PostAsJsonAsync("/api/v1/users",
            new { email = "a@test.entrycontrol.cn", password = "short", role = "commandCenter" }, TestContext.Current.CancellationToken);
        await weakPassword.AssertValidationProblemAsync("password");

        Assert.Equal(1, await App.WithDbAsync(db => Task.FromResult(db.Users.Count())));
    }

    [Fact]
    public async Task The_same_email_twice_is_a_conflict()
    {
        var admin = await AdminWithReferenceDataAsync();
        var body = new { email = "cc@test.entrycontrol.cn", password = "Command-pass-1", role = "commandCenter" };
        (await admin.PostAsJsonAsync("/api/v1/users", body, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var again = await admin.PostAsJsonAsync("/api/v1/users", body, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
