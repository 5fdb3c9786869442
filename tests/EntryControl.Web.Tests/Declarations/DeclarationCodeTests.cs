using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>
/// Codes are typed by people: new ones avoid look-alikes and are read in any case, shown in groups of four; codes of the
/// first release (22 characters of case-sensitive base64url) are still found, also typed in another case.
/// </summary>
public sealed class DeclarationCodeTests(EntryControlApp app) : AppTest(app)
{
    /// <summary>A code as the first release made them, with I/l and O/0 in it.</summary>
    private const string LegacyCode = "Il0O-aZ_9xQmKpR2sT4vWy";

    [Fact]
    public void New_codes_avoid_look_alikes_and_carry_at_least_128_random_bits()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => DeclarationCodes.New()).ToList();

        Assert.All(codes, code => Assert.Equal(DeclarationCodes.Length, code.Length));
        Assert.True(DeclarationCodes.Length * Math.Log2(DeclarationCodes.Alphabet.Length) >= 128);
        Assert.DoesNotContain(codes.SelectMany(c => c), c => "01IOilo".Contains(c, StringComparison.Ordinal));
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("ABCD EFGH JKMN PQRS TUVW XY", DeclarationCodes.Grouped("ABCDEFGHJKMNPQRSTUVWXY"));
        Assert.True(DeclarationCodes.LooksLikeCode("abcd efgh jkmn pqrs tuvw xyz2 34"));
        Assert.True(DeclarationCodes.LooksLikeCode(LegacyCode));
        Assert.False(DeclarationCodes.LooksLikeCode("11010519491231002X"));
    }

    private async Task<string> DeclareAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task A_new_code_is_found_in_lower_case_and_in_groups_by_the_api_the_page_find_and_a_scan()
    {
        var code = await DeclareAsync();
        var typed = DeclarationCodes.Grouped(code).ToLowerInvariant();

        var api = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{Uri.EscapeDataString(code.ToLowerInvariant())}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(code, api.GetProperty("code").GetString());
        var page = Html.Parse(await App.CreateClient().GetStringAsync($"/d/{code.ToLowerInvariant()}", TestContext.Current.CancellationToken));
        Assert.Equal(DeclarationCodes.Grouped(code), page.QuerySelector("[data-testid=code]")?.TextContent);

        var browser = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var token = Html.AntiforgeryToken(await browser.GetStringAsync("/declare/find", TestContext.Current.CancellationToken));
        var found = await browser.PostAsync("/declare/find?handler=ByCode", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = typed,
            ["__RequestVerificationToken"] = token,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = typed, checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(code, scan.GetProperty("declaration").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_code_of_the_first_release_is_still_found_exactly_and_in_another_case()
    {
        var code = await DeclareAsync();
        await App.WithDbAsync(db => db.Declarations.Where(d => d.Code == code).ExecuteUpdateAsync(u => u.SetProperty(d => d.Code, LegacyCode), TestContext.Current.CancellationToken));

        foreach (var typed in new[] { LegacyCode, LegacyCode.ToUpperInvariant(), LegacyCode.ToLowerInvariant() })
        {
            var api = await (await App.CreateClient().GetAsync($"/api/v1/declarations/{Uri.EscapeDataString(typed)}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal(LegacyCode, api.GetProperty("code").GetString());
        }

        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var scan = await (await officer.PostAsJsonAsync("/api/v1/scans", new { code = LegacyCode.ToUpperInvariant(), checkpoint = "CP-LINHE-G7" }, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(LegacyCode, scan.GetProperty("declaration").GetProperty("code").GetString());
    }
}
