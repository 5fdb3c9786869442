using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace EntryControl.Web.Tests.Infrastructure;

public static partial class Html
{
    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    public static string AntiforgeryToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
