using Microsoft.AspNetCore.Localization;

namespace EntryControl.Web.Infrastructure.Localization;

/// <summary>
/// The language a person reads: Chinese first, English on request. Services take it as an argument; only the edge
/// (an endpoint or a page) reads it from the request.
/// </summary>
public enum Language
{
    Chinese,
    English,
}

public static class RequestLanguage
{
    /// <summary>The language the request localization middleware chose (?culture=en, the cookie, or an API client's Accept-Language).</summary>
    public static Language Language(this HttpContext context) =>
        context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name.StartsWith(LocalizationExtensions.English, StringComparison.Ordinal) == true
            ? Localization.Language.English
            : Localization.Language.Chinese;
}
