using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Pages;

/// <summary>After signing in, each role lands on its own page, unless the sign-in was given a local return address.</summary>
public sealed class LoginRedirectTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";

    private async Task<string?> SignInAsync(string email, string query = "")
    {
        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/Account/Login" + query, TestContext.Current.CancellationToken);
        var response = await browser.PostAsync("/Account/Login" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(form),
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.OriginalString;
    }

    private async Task<string> StaffAsync(string role, string? checkpoint = null, string[]? communities = null)
    {
        var admin = await App.AdminClientAsync();
        var email = $"landing-{role.ToLowerInvariant()}@test.entrycontrol.cn";
        (await admin.PostAsJsonAsync("/api/v1/users", new { email, password = Password, role, checkpoint, communities }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        return email;
    }

    [Fact]
    public async Task Each_role_lands_on_its_own_page_and_a_local_return_address_wins_over_it()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await StaffAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var worker = await StaffAsync("communityWorker", communities: ["150802001001"]);
        var command = await StaffAsync("commandCenter");
        var secondAdmin = await StaffAsync("admin");

        Assert.Equal("/checkpoint", await SignInAsync(officer));
        Assert.Equal("/community", await SignInAsync(worker));
        Assert.Equal("/command", await SignInAsync(command));
        Assert.Equal("/Admin", await SignInAsync(secondAdmin));

        Assert.Equal("/Admin/Audit", await SignInAsync(secondAdmin, "?ReturnUrl=%2FAdmin%2FAudit"));
        Assert.Equal("/checkpoint", await SignInAsync(officer, "?ReturnUrl=https%3A%2F%2Fevil.example%2F"));
        Assert.Equal("/community", await SignInAsync(worker, "?ReturnUrl=%2F%2Fevil.example"));
    }
}
