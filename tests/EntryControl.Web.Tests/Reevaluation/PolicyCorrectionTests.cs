using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using EntryControl.Web.Tests.Pages;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Reevaluation;

/// <summary>
/// A corrected reading ships as a new version of the same notice (Bayannur 一 v2: counted from leaving the risk area):
/// the declarations decided under the first reading are decided again, keeping both decisions and their provenance.
/// </summary>
public sealed class PolicyCorrectionTests(EntryControlApp app) : AppTest(app)
{
    // Xi'an 雁塔区 high risk until 11-17: the traveler of DeclarationApiTests.Body stayed there 11-16..11-19, so L = 11-17.
    private static readonly object HighRiskXianUntil17 = new { region = "610113", area = (string?)null, level = "high", from = "2022-11-15", to = "2022-11-17" };

    /// <summary>The shipped policies as they were before the corrections: every first version, published.</summary>
    private static PolicyCatalog FirstReadings() => PolicyCatalog.Load(PolicyCatalog.EmbeddedSources()
        .Where(s => s.Name.EndsWith(".v1.json", StringComparison.Ordinal))
        .Select(s => s with { Json = s.Json.Replace("\"status\": \"superseded\",", string.Empty, StringComparison.Ordinal) }));

    [Fact]
    public async Task A_declaration_decided_under_the_first_reading_is_decided_again_and_keeps_both_decisions()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", HighRiskXianUntil17, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        // The portal as deployed before the correction: 7 days of home isolation from arrival.
        string code;
        await using (var before = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(FirstReadings()))))
        {
            var declared = await (await before.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
            Assert.Equal(1, declared.GetProperty("decision").GetProperty("policy").GetProperty("version").GetInt32());
            Assert.Equal("2022-11-26", declared.GetProperty("decision").GetProperty("phases")[0].GetProperty("end").GetString());
            code = declared.GetProperty("code").GetString()!;
        }

        // The corrected portal starts: what its start-up does, once per new version, whichever instance gets there first.
        var change = Assert.Single(await PublishAsync());
        Assert.Empty(await PublishAsync());

        JsonElement progress = default;
        await Eventually.HoldsAsync(async () =>
        {
            progress = await (await admin.GetAsync($"/api/v1/registry-changes/{change}")).AssertJsonAsync(HttpStatusCode.OK);
            return progress.GetProperty("status").GetString() == "done";
        }, "the policy correction to be re-evaluated");
        Assert.Equal("policyVersion", progress.GetProperty("kind").GetString());
        Assert.Equal("bayannur-2022-71@2", progress.GetProperty("cause").GetProperty("policyVersion").GetString());
        Assert.Equal((1, 1, 1), (progress.GetProperty("candidates").GetInt32(), progress.GetProperty("processed").GetInt32(), progress.GetProperty("changed").GetInt32()));

        var declaration = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var phase = declaration.GetProperty("decision").GetProperty("phases")[0];
        Assert.Equal(("homeIsolation", "2022-11-20", "2022-11-24"), (phase.GetProperty("measure").GetString(), phase.GetProperty("start").GetString(), phase.GetProperty("end").GetString()));
        Assert.Equal(["2022-11-20", "2022-11-22", "2022-11-24"], phase.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("date").GetString()).ToArray());
        var history = declaration.GetProperty("decisionHistory").EnumerateArray().ToList();
        Assert.Equal(["declared bayannur-2022-71@1", "reevaluated bayannur-2022-71@2"], history.Select(h => $"{h.GetProperty("occasion").GetString()} {h.GetProperty("policy").GetString()}"));
        Assert.Equal("bayannur-2022-71@2", history[1].GetProperty("cause").GetProperty("policyVersion").GetString());
        Assert.Equal(change.ToString(), history[1].GetProperty("cause").GetProperty("registryChange").GetString());

        // The traveler reads why, and from when to when.
        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code}", TestContext.Current.CancellationToken));
        Assert.Contains("bayannur-2022-71@2", page.Text("[data-testid=policy-corrected]"), StringComparison.Ordinal);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=history-item]").Length);
        Assert.Contains("至2022-11-24止", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Features.Alerts.AlertKind.MeasureChanged, Assert.Single(await App.WithDbAsync(db => db.Alerts.AsNoTracking().ToListAsync())).Kind);
    }

    [Fact]
    public async Task A_new_database_records_the_versions_without_re_evaluating_anything()
    {
        Assert.Empty(await PublishAsync());

        var versions = await App.WithDbAsync(db => db.PublishedPolicyVersions.OrderBy(v => v.PolicyId).Select(v => $"{v.PolicyId}@{v.Version}").ToListAsync());
        Assert.Equal(["bayannur-2022-71@2", "erenhot-2021-63@1", "hulunbuir-2021-60@2", "nmg-2020-98@1"], versions);
        Assert.Equal(0, await App.WithDbAsync(db => db.RegistryChanges.CountAsync()));
    }

    private async Task<IReadOnlyList<Guid>> PublishAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolicyVersionPublisher>().PublishAsync(TestContext.Current.CancellationToken);
    }
}
