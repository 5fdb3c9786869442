using System.Globalization;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EntryControl.Web.Tests.Pages;

/// <summary>The declaration wizard as a browser without JavaScript drives it: a cookie session, the antiforgery token, one form post a step.</summary>
internal static class DeclareWizard
{
    /// <summary>Creates the community the forms name and opens <c>/declare</c> (optionally with a culture query) in a fresh browser.</summary>
    public static async Task<(HttpClient Browser, string Token)> OpenAsync(EntryControlApp app, string culture = "")
    {
        var admin = await app.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" })).EnsureSuccessStatusCode();
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/declare" + culture);
        return (browser, Html.AntiforgeryToken(form));
    }

    /// <summary>The fields as the form posts them on <paramref name="step"/>.</summary>
    public static FormUrlEncodedContent Form(Dictionary<string, string> fields, string token, int step)
    {
        fields["Step"] = step.ToString(CultureInfo.InvariantCulture);
        fields["__RequestVerificationToken"] = token;
        return new FormUrlEncodedContent(fields);
    }
}
