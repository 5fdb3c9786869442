using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.WebEncoders;

namespace EntryControl.Web.Infrastructure.Localization;

public static class LocalizationExtensions
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static IServiceCollection AddEntryControlLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<ValidationNames>();
        // Values a page form cannot bind (HasCertificate=maybe, "abc" for a number) are reported in the page's language,
        // not with MVC's built-in English sentences.
        services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<Microsoft.Extensions.Localization.IStringLocalizerFactory>((options, factory) =>
        {
            var t = factory.Create(typeof(SharedResource));
            var messages = options.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((value, field) => t["Binding.ValueInvalid", value, field]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["Binding.ValueInvalidNoField", value]);
            messages.SetValueMustBeANumberAccessor(field => t["Binding.NotANumber", field]);
        });
        services.AddSingleton<IStartupFilter>(provider => provider.GetRequiredService<ValidationNames>());
        // Chinese text is written as text, not as &#x…; entities.
        services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            CultureInfo[] cultures = [new(Chinese), new(English)];
            options.DefaultRequestCulture = new RequestCulture(Chinese);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Chinese first: the browser's Accept-Language does not switch the portal to English; the language
            // switch (a cookie) or ?culture=en does.
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(ApiAcceptLanguage),
            ];
        });
        return services;
    }

    /// <summary>API clients (tablets, neighbouring systems) may ask for English with Accept-Language.</summary>
    private static Task<ProviderCultureResult?> ApiAcceptLanguage(HttpContext context) =>
        Task.FromResult(context.Request.Path.StartsWithSegments("/api")
            && context.Request.Headers.AcceptLanguage.ToString().StartsWith(English, StringComparison.OrdinalIgnoreCase)
                ? new ProviderCultureResult(English)
                : null);

    /// <summary><c>GET /culture/{culture}?returnUrl=</c>: the language switch in the layout.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext context) =>
        {
            var chosen = culture == English ? English : Chinese;
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            var target = !string.IsNullOrEmpty(returnUrl) && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? returnUrl
                : "/";
            return TypedResults.LocalRedirect(target);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
