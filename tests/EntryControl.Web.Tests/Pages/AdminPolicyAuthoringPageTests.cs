using System.Net;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Pages;

/// <summary>The admin pages of issue 16: upload with the problems next to the field, the draft's diff, four eyes, the guided editor.</summary>
public sealed class AdminPolicyAuthoringPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Version3 = $"/Admin/Policies/{XianPolicy.Bayannur}/versions/3";
    private const string Editor = $"/Admin/Policies/editor?id={XianPolicy.Bayannur}";

    private static readonly string[] Shipped = ["65", "54", "6201", "4101", "4401", "1501"];

    [Fact]
    public async Task An_upload_lists_its_problems_next_to_the_field_and_the_author_cannot_publish_the_draft()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var refused = await browser.PostFormAsync("/Admin/Policies", "/Admin/Policies?handler=Upload", ("UploadJson", XianPolicy.Version3(fixOldCase: false)));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await refused.ParseAsync();
        Assert.Contains("clauses 五+七: outside Inner Mongolia without certificate", page.Text("[data-testid=upload-error]"), StringComparison.Ordinal);
        Assert.Contains("\"version\": 3", page.QuerySelector("#UploadJson")!.TextContent, StringComparison.Ordinal);

        var draft = await browser.FollowAsync(await browser.PostFormAsync("/Admin/Policies", "/Admin/Policies?handler=Upload", ("UploadJson", XianPolicy.Version3())));
        Assert.Equal("草稿", draft.Text("[data-testid=version-status]"));
        Assert.Contains("西安市", draft.Text("[data-testid=diff-item][data-kind=prefixesAdded]"), StringComparison.Ordinal);
        Assert.NotNull(draft.QuerySelector("[data-testid=own-draft]"));

        var viewer = Html.Parse(await browser.GetStringAsync($"/Admin/Policies/{XianPolicy.Bayannur}", TestContext.Current.CancellationToken));
        Assert.Contains("草稿 v3", viewer.Text("[data-testid=pending-draft]"), StringComparison.Ordinal);
        Assert.Equal(Version3, viewer.QuerySelector("[data-testid=pending-draft] a")!.GetAttribute("href"));

        var own = await (await browser.PostFormAsync(Version3, Version3 + "?handler=Publish", ("EffectiveFrom", "2022-11-17"))).ParseAsync();
        Assert.Contains("另一位管理员", own.Text("[data-testid=effective-error]"), StringComparison.Ordinal);
        Assert.Equal("草稿", own.Text("[data-testid=version-status]"));
    }

    [Fact]
    public async Task The_guided_editor_makes_the_next_version_from_the_one_in_force_and_names_bad_fields()
    {
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);
        var form = Html.Parse(await browser.GetStringAsync(Editor, TestContext.Current.CancellationToken));
        Assert.Contains("2", form.Text("[data-testid=editor-versions]"), StringComparison.Ordinal);
        Assert.Equal("3", form.QuerySelector("#Form_AdvanceRegistrationDays")!.GetAttribute("value"));
        Assert.Equal(Shipped.Length, form.QuerySelectorAll("input[name='Form.KeepPrefixes'][checked]").Length);

        static (string, string)[] Fields(string isolation, string advance) =>
            [.. Shipped.Select(p => ("Form.KeepPrefixes", p)), ("Form.IsolationDays", isolation), ("Form.TestDays", "1,3,5,7"),
             ("Form.CertificateHours", "48"), ("Form.AdvanceRegistrationDays", advance), ("Form.EffectiveFrom", "2022-11-17")];

        var bad = await (await browser.PostFormAsync(Editor, Editor, Fields("seven", "2"))).ParseAsync();
        Assert.False(string.IsNullOrWhiteSpace(bad.Text("[data-valmsg-for='Form.IsolationDays']")));

        var draft = await browser.FollowAsync(await browser.PostFormAsync(Editor, Editor, Fields("7", "2")));
        Assert.Equal("草稿", draft.Text("[data-testid=version-status]"));
        Assert.Equal(["advanceRegistrationDays"], draft.QuerySelectorAll("[data-testid=diff-item]").Select(i => i.GetAttribute("data-kind")));
    }
}
