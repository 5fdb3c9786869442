using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Auth;
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

    private const string Password = "Staff-pass-123";

    private static async Task<Guid> CreateAsync(HttpClient admin, string email, string role, string? checkpoint = null, string[]? communities = null)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, checkpoint, communities }, TestContext.Current.CancellationToken);
        return (await created.AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        await App.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password }, TestContext.Current.CancellationToken);

    private async Task<EntryControlApp.TokenResponse> TokensAsync(string email, string password = Password)
    {
        var login = await LoginAsync(email, password);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<EntryControlApp.TokenResponse>(TestContext.Current.CancellationToken))!;
    }

    private async Task<HttpResponseMessage> RefreshAsync(EntryControlApp.TokenResponse tokens) =>
        await App.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken }, TestContext.Current.CancellationToken);

    private async Task<Guid> AdminIdAsync() =>
        await App.WithDbAsync(db => Task.FromResult(db.Users.Single(u => u.Email == EntryControlApp.AdminEmail).Id));

    [Fact]
    public async Task An_admin_turns_a_worker_into_an_officer_and_the_old_role_stops_at_the_next_refresh()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "worker@test.entrycontrol.cn", Roles.CommunityWorker, communities: ["150802001001"]);
        var before = await TokensAsync("worker@test.entrycontrol.cn");

        var changed = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "checkpointOfficer", checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken);

        var user = await changed.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("checkpointOfficer", user.GetProperty("role").GetString());
        Assert.Equal("CP-LINHE-G7", user.GetProperty("checkpoint").GetString());
        Assert.Equal(0, user.GetProperty("communities").GetArrayLength());
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.StaffCommunities.Count(c => c.UserId == id))));
        await (await RefreshAsync(before)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var officer = await App.ClientForAsync("worker@test.entrycontrol.cn", Password);
        // Alerts are for admins, the command center and workers: the new token carries the officer role only.
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/api/v1/alerts", TestContext.Current.CancellationToken)).StatusCode);
        var found = await admin.GetFromJsonAsync<StaffUserView>($"/api/v1/users/{id}", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(Roles.CheckpointOfficer, found!.Role);
    }

    [Fact]
    public async Task A_worker_gets_a_new_set_of_communities_without_being_signed_out()
    {
        var admin = await AdminWithReferenceDataAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001002", name = "团结社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var id = await CreateAsync(admin, "worker@test.entrycontrol.cn", Roles.CommunityWorker, communities: ["150802001001"]);
        var before = await TokensAsync("worker@test.entrycontrol.cn");

        var changed = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "communityWorker", communities = new[] { "150802001002", "150802001001" } }, TestContext.Current.CancellationToken);

        var user = await changed.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["150802001001", "150802001002"], user.GetProperty("communities").EnumerateArray().Select(c => c.GetString()).ToArray());
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(before)).StatusCode);
    }

    [Fact]
    public async Task Bad_role_changes_name_the_field_and_an_unknown_account_is_a_404()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);

        var withoutCheckpoint = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "checkpointOfficer" }, TestContext.Current.CancellationToken);
        await withoutCheckpoint.AssertValidationProblemAsync("checkpoint");
        var unknownCommunity = await admin.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "communityWorker", communities = new[] { "nowhere" } }, TestContext.Current.CancellationToken);
        await unknownCommunity.AssertValidationProblemAsync("communities");
        var ownRole = await admin.PutAsJsonAsync($"/api/v1/users/{await AdminIdAsync()}", new { role = "commandCenter" }, TestContext.Current.CancellationToken);
        await ownRole.AssertValidationProblemAsync("role");
        var unknown = await admin.PutAsJsonAsync($"/api/v1/users/{Guid.NewGuid()}", new { role = "commandCenter" }, TestContext.Current.CancellationToken);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);

        var roles = await admin.GetFromJsonAsync<StaffUserView[]>("/api/v1/users", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(Roles.CommandCenter, roles!.Single(u => u.Id == id).Role);
        Assert.Equal(Roles.Admin, roles!.Single(u => u.Email == EntryControlApp.AdminEmail).Role);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_nor_refresh_until_it_is_enabled_again()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);
        var before = await TokensAsync("cc@test.entrycontrol.cn");

        var disabled = await (await admin.PostAsync($"/api/v1/users/{id}/disable", null, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await (await LoginAsync("cc@test.entrycontrol.cn", Password)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await RefreshAsync(before)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var listed = await admin.GetFromJsonAsync<StaffUserView[]>("/api/v1/users?role=commandCenter", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(listed!).Disabled);

        var enabled = await (await admin.PostAsync($"/api/v1/users/{id}/enable", null, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("cc@test.entrycontrol.cn", Password)).StatusCode);
        // Sessions from before the account was disabled do not come back with it.
        await (await RefreshAsync(before)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Enabling_also_ends_the_address_blocks_after_failed_sign_ins()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LoginAsync("cc@test.entrycontrol.cn", $"Wrong-pass-{attempt}");
        }

        // Failed sign-ins block the address they came from, not the account.
        var account = await admin.GetFromJsonAsync<StaffUserView>($"/api/v1/users/{id}", TestJson.Options, TestContext.Current.CancellationToken);
        Assert.False(account!.LockedOut);
        Assert.False(account.Disabled);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync("cc@test.entrycontrol.cn", Password)).StatusCode);

        (await admin.PostAsync($"/api/v1/users/{id}/enable", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("cc@test.entrycontrol.cn", Password)).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_disable_their_own_account()
    {
        var admin = await App.AdminClientAsync();

        var response = await admin.PostAsync($"/api/v1/users/{await AdminIdAsync()}/disable", null, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword)).StatusCode);
        await (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/disable", null, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_password_set_by_an_admin_follows_the_password_rules_and_replaces_the_old_one()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);
        var before = await TokensAsync("cc@test.entrycontrol.cn");

        var weak = await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { password = "weak" }, TestContext.Current.CancellationToken);
        await weak.AssertValidationProblemAsync("password");
        var empty = await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { }, TestContext.Current.CancellationToken);
        await empty.AssertValidationProblemAsync("password");
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(before)).StatusCode);

        var reset = await admin.PostAsJsonAsync($"/api/v1/users/{id}/password", new { password = "Brand-new-pass-2" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await (await LoginAsync("cc@test.entrycontrol.cn", Password)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("cc@test.entrycontrol.cn", "Brand-new-pass-2")).StatusCode);
        await (await RefreshAsync(before)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_admins_change_accounts()
    {
        var admin = await AdminWithReferenceDataAsync();
        var id = await CreateAsync(admin, "cc@test.entrycontrol.cn", Roles.CommandCenter);
        var commandCenter = await App.ClientForAsync("cc@test.entrycontrol.cn", Password);
        var anonymous = App.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        foreach (var client in new[] { commandCenter, anonymous })
        {
            var expected = client == anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            await (await client.GetAsync($"/api/v1/users/{id}", ct)).AssertProblemAsync(expected);
            await (await client.PutAsJsonAsync($"/api/v1/users/{id}", new { role = "admin" }, ct)).AssertProblemAsync(expected);
            await (await client.PostAsync($"/api/v1/users/{id}/disable", null, ct)).AssertProblemAsync(expected);
            await (await client.PostAsync($"/api/v1/users/{id}/enable", null, ct)).AssertProblemAsync(expected);
            await (await client.PostAsJsonAsync($"/api/v1/users/{id}/password", new { password = "Taken-over-123" }, ct)).AssertProblemAsync(expected);
        }

        var unchanged = await admin.GetFromJsonAsync<StaffUserView>($"/api/v1/users/{id}", TestJson.Options, ct);
        Assert.Equal(Roles.CommandCenter, unchanged!.Role);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("cc@test.entrycontrol.cn", Password)).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_account_operations()
    {
        var document = await App.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/v1/users/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/users/{id}/disable\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/users/{id}/enable\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/users/{id}/password\"", document, StringComparison.Ordinal);
        Assert.Contains("Disable an account", document, StringComparison.Ordinal);
    }
}
