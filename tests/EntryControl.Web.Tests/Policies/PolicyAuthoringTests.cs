using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Infrastructure.Caching;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Policies;

/// <summary>
/// Issue 16: a new notice without a deploy. The next version of Bayannur 71号 adds Xi'an (6101) to clause 四's key
/// regions; it is uploaded, checked by its own cases, shown, previewed and published by a second admin, and every
/// instance decides with it from its first day on.
/// </summary>
public sealed class PolicyAuthoringTests(EntryControlApp app) : AppTest(app)
{
    private const string Bayannur = "bayannur-2022-71";
    private const string Password = "Staff-pass-123";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static object XianTrip(string arrivalAt, string from, string to) => new
    {
        destination = "150802",
        arrivalAt,
        stays = new[] { new { region = "610113", from, to } },
        nucleicAcidTest = new { sampledAt = "2022-11-16T09:00:00+08:00", result = "negative" },
    };

    private async Task<HttpClient> SecondAdminAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = "second-admin@test.entrycontrol.cn", password = Password, role = Roles.Admin }, Ct))
            .EnsureSuccessStatusCode();
        return await App.ClientForAsync("second-admin@test.entrycontrol.cn", Password);
    }

    [Fact]
    public async Task A_version_uploaded_by_one_admin_is_published_by_another_and_decides_arrivals_from_its_first_day()
    {
        var author = await App.AdminClientAsync();
        var publisher = await SecondAdminAsync();
        var anonymous = App.CreateClient();

        // Before: Xi'an is no key region (clause 五's advice, under version 2).
        var before = await (await anonymous.PostAsJsonAsync("/api/v1/evaluations", XianTrip("2022-11-18T10:00:00+08:00", "2022-11-14", "2022-11-17"), Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("threeDayTwoTests", 2), (before.GetProperty("measure").GetString(), before.GetProperty("policy").GetProperty("version").GetInt32()));

        var uploaded = await (await author.PostAsync("/api/v1/policies", Json(XianPolicy.Version3()), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal((Bayannur, 3, "draft"), (uploaded.GetProperty("id").GetString(), uploaded.GetProperty("version").GetInt32(), uploaded.GetProperty("status").GetString()));

        // A draft decides nothing yet.
        var meanwhile = await (await anonymous.PostAsJsonAsync("/api/v1/evaluations", XianTrip("2022-11-18T10:00:00+08:00", "2022-11-14", "2022-11-17"), Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, meanwhile.GetProperty("policy").GetProperty("version").GetInt32());

        // Four eyes: the author cannot publish it.
        var refused = await (await author.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-17" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("另一位管理员", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await publisher.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-16" }, Ct)).AssertValidationProblemAsync("effectiveFrom");
        await (await publisher.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "17.11.2022" }, Ct)).AssertValidationProblemAsync("effectiveFrom");
        var draftVersions = await (await author.GetAsync($"/api/v1/policies/{Bayannur}/versions", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("draft", draftVersions[2].GetProperty("status").GetString());

        var published = await (await publisher.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-17" }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("published", published.GetProperty("status").GetString());
        await (await publisher.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-17" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Tomorrow's arrival: a key region, home isolation under version 3; an arrival before today: still version 2.
        var tomorrow = await (await anonymous.PostAsJsonAsync("/api/v1/evaluations", XianTrip("2022-11-18T10:00:00+08:00", "2022-11-14", "2022-11-17"), Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("homeIsolation", 3), (tomorrow.GetProperty("measure").GetString(), tomorrow.GetProperty("policy").GetProperty("version").GetInt32()));
        var earlier = await (await anonymous.PostAsJsonAsync("/api/v1/evaluations", XianTrip("2022-11-16T10:00:00+08:00", "2022-11-12", "2022-11-15"), Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("threeDayTwoTests", 2), (earlier.GetProperty("measure").GetString(), earlier.GetProperty("policy").GetProperty("version").GetInt32()));

        // Succession: version 2 now ends the day before; authors and publishers are listed.
        var versions = (await (await author.GetAsync($"/api/v1/policies/{Bayannur}/versions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(
            ["1 superseded 2022-11-14 - -", "2 published 2022-11-14 2022-11-16 -", $"3 published 2022-11-17 - {EntryControlApp.AdminEmail}"],
            versions.Select(v => $"{v.GetProperty("version").GetInt32()} {v.GetProperty("status").GetString()} {v.GetProperty("effectiveFrom").GetString()} {v.GetProperty("effectiveTo").GetString() ?? "-"} {v.GetProperty("createdBy").GetString() ?? "-"}"));
        Assert.Equal("second-admin@test.entrycontrol.cn", versions[2].GetProperty("publishedBy").GetString());
        var policy = await (await anonymous.GetAsync($"/api/v1/policies/{Bayannur}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, policy.GetProperty("version").GetInt32());

        // Committed with its registry change and audited.
        var change = await (await author.GetAsync($"/api/v1/registry-changes/{published.GetProperty("registryChange").GetGuid()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("policyVersion", $"{Bayannur}@3"), (change.GetProperty("kind").GetString(), change.GetProperty("cause").GetProperty("policyVersion").GetString()));
        var audit = await App.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Subject == "policy").OrderBy(a => a.Id).Select(a => a.Action + " " + a.UserEmail + " " + a.Detail).ToListAsync(Ct));
        Assert.Equal([$"Upload {EntryControlApp.AdminEmail} {Bayannur}@3", $"Publish second-admin@test.entrycontrol.cn {Bayannur}@3 from 2022-11-17"], audit);
    }

    [Fact]
    public async Task A_draft_whose_own_case_fails_is_refused_with_the_case_named_and_nothing_is_stored()
    {
        var admin = await App.AdminClientAsync();

        // The old case with a Xi'an stay, left as it was: under the new key region its answer changes.
        var problem = await (await admin.PostAsync("/api/v1/policies", Json(XianPolicy.Version3(fixOldCase: false)), Ct)).AssertValidationProblemAsync("cases");
        var cases = problem.GetProperty("errors").GetProperty("cases").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("clauses 五+七: outside Inner Mongolia without certificate", Assert.Single(cases), StringComparison.Ordinal);

        // Its own new case expecting the wrong measure, and a wrong version number: every problem is listed.
        var wrong = XianPolicy.Version3(expectedXianMeasure: "freeMovement").Replace("\"version\": 3", "\"version\": 5", StringComparison.Ordinal);
        problem = await (await admin.PostAsync("/api/v1/policies", Json(wrong), Ct)).AssertValidationProblemAsync("cases", "version");
        Assert.Contains("clauses 四+七: Xi'an is a key region", problem.GetProperty("errors").GetProperty("cases")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("3", problem.GetProperty("errors").GetProperty("version")[0].GetString(), StringComparison.Ordinal);

        // Loader problems: a bad field, and (in the context of the catalogue) an unknown parent.
        var broken = XianPolicy.Version3().Replace("\"days\": 7\n", "\"days\": \"seven\"\n", StringComparison.Ordinal);
        problem = await (await admin.PostAsync("/api/v1/policies", Json(broken), Ct)).AssertValidationProblemAsync("policy");
        Assert.Contains("lookBack.days", problem.GetProperty("errors").GetProperty("policy")[0].GetString(), StringComparison.Ordinal);
        var orphan = XianPolicy.Version3().Replace("\"parent\": null", "\"parent\": \"nowhere-2022-1\"", StringComparison.Ordinal);
        problem = await (await admin.PostAsync("/api/v1/policies", Json(orphan), Ct)).AssertValidationProblemAsync("policy");
        Assert.Contains("nowhere-2022-1", problem.GetProperty("errors").GetProperty("policy")[0].GetString(), StringComparison.Ordinal);

        await (await admin.PostAsync("/api/v1/policies", Json("{ not json"), Ct)).AssertValidationProblemAsync("policy");
        await (await admin.PostAsync("/api/v1/policies", Json(""), Ct)).AssertValidationProblemAsync("policy");
        Assert.Equal(0, await App.WithDbAsync(db => db.PolicyDocuments.CountAsync(d => d.Status == PolicyDocumentStatus.Draft, Ct)));

        // Only admins upload.
        var officer = await App.StaffClientAsync(Roles.CommandCenter);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsync("/api/v1/policies", Json(XianPolicy.Version3()), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsync("/api/v1/policies", Json(XianPolicy.Version3()), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_traveler_declared_with_a_Xian_trip_before_publishing_is_re_decided_after_it()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var declared = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("threeDayTwoTests", declared.GetProperty("decision").GetProperty("measure").GetString());
        var code = declared.GetProperty("code").GetString();

        (await admin.PostAsync("/api/v1/policies", Json(XianPolicy.Version3()), Ct)).EnsureSuccessStatusCode();
        // The preview names the change before anything is published.
        var impact = await (await admin.PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/impact", new { effectiveFrom = "2022-11-17" }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((1, 1), (impact.GetProperty("candidates").GetInt32(), impact.GetProperty("changed").GetInt32()));
        var transition = Assert.Single(impact.GetProperty("transitions").EnumerateArray());
        Assert.Equal(("threeDayTwoTests", "homeIsolation"), (transition.GetProperty("from").GetString(), transition.GetProperty("to").GetString()));
        Assert.Equal("150802001001", impact.GetProperty("byCommunity")[0].GetProperty("community").GetString());
        Assert.Equal("张*", impact.GetProperty("sample")[0].GetProperty("travelerName").GetString());
        var diff = await (await admin.GetAsync($"/api/v1/policies/{Bayannur}/versions/3/diff", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, diff.GetProperty("baseVersion").GetInt32());
        var kinds = diff.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["clauseText", "prefixesAdded"], kinds);

        var published = await (await (await SecondAdminAsync()).PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-17" }, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var change = published.GetProperty("registryChange").GetGuid();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReevaluationService>().ProcessAsync(change, Ct);
        }

        var declaration = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("homeIsolation", declaration.GetProperty("decision").GetProperty("measure").GetString());
        var history = declaration.GetProperty("decisionHistory").EnumerateArray().Select(h => $"{h.GetProperty("occasion").GetString()} {h.GetProperty("policy").GetString()}").ToList();
        Assert.Equal([$"declared {Bayannur}@2", $"reevaluated {Bayannur}@3"], history);
    }

    [Fact]
    public async Task Another_instance_decides_with_the_published_version_within_seconds()
    {
        await using var other = App.WithWebHostBuilder(_ => { });
        var otherClient = other.CreateClient();
        var listening = Stopwatch.StartNew();
        while (!other.Services.GetRequiredService<CacheInvalidation>().Listening || !App.Services.GetRequiredService<CacheInvalidation>().Listening)
        {
            Assert.True(listening.Elapsed < TimeSpan.FromSeconds(10), "the instances do not listen");
            await Task.Delay(20, Ct);
        }

        async Task<int> VersionOnOtherAsync() =>
            (await (await otherClient.PostAsJsonAsync("/api/v1/evaluations", XianTrip("2022-11-18T10:00:00+08:00", "2022-11-14", "2022-11-17"), Ct)).AssertJsonAsync(HttpStatusCode.OK))
                .GetProperty("policy").GetProperty("version").GetInt32();
        Assert.Equal(2, await VersionOnOtherAsync());
        var generation = other.Services.GetRequiredService<PolicyCatalogHolder>().Generation;

        var admin = await App.AdminClientAsync();
        (await admin.PostAsync("/api/v1/policies", Json(XianPolicy.Version3()), Ct)).EnsureSuccessStatusCode();
        (await (await SecondAdminAsync()).PostAsJsonAsync($"/api/v1/policies/{Bayannur}/versions/3/publish", new { effectiveFrom = "2022-11-17" }, Ct)).EnsureSuccessStatusCode();

        var seen = Stopwatch.StartNew();
        while (await VersionOnOtherAsync() != 3)
        {
            Assert.True(seen.Elapsed < TimeSpan.FromSeconds(5), "the other instance still decides with version 2");
            await Task.Delay(20, Ct);
        }

        Assert.True(other.Services.GetRequiredService<PolicyCatalogHolder>().Generation > generation);
    }
}
