using AngleSharp.Html.Dom;
using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Pages;

/// <summary>Posts a page's form the way a browser without script does: the antiforgery token from the page, then the fields.</summary>
internal static class AdminForms
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient browser, string page, string action, params (string Name, string Value)[] fields)
    {
        var token = Html.AntiforgeryToken(await browser.GetStringAsync(page));
        var body = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token));
        return await browser.PostAsync(action, new FormUrlEncodedContent(body));
    }

    /// <summary>Follows the post-redirect-get redirect and parses the page it lands on.</summary>
    public static async Task<IHtmlDocument> FollowAsync(this HttpClient browser, HttpResponseMessage redirect)
    {
        Assert.True(redirect.StatusCode == System.Net.HttpStatusCode.Redirect, $"Expected a redirect, got {(int)redirect.StatusCode}: {await redirect.Content.ReadAsStringAsync()}");
        return Html.Parse(await browser.GetStringAsync(redirect.Headers.Location));
    }

    public static string? Text(this IHtmlDocument page, string selector) => page.QuerySelector(selector)?.TextContent.Trim();
}
