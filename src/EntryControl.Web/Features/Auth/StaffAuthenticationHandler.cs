using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Auth;

/// <summary>
/// The default scheme: the bearer token handler when the request has <c>Authorization: Bearer</c>, else the Identity
/// cookie, and then the session check (<see cref="SessionCheck"/>) on what they authenticated. A principal whose
/// session is over fails authentication (so the API answers 401 and pages go to the login page) and its cookie is
/// removed. Challenges and forbids go to the scheme that was picked.
/// </summary>
public sealed class StaffAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "staff";

    public static string PickScheme(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var scheme = PickScheme(Context);
        var result = await Context.AuthenticateAsync(scheme);
        if (!result.Succeeded)
        {
            return result;
        }

        if (!await Context.RequestServices.GetRequiredService<SessionCheck>().IsCurrentAsync(result.Principal, Context.RequestAborted))
        {
            if (scheme == IdentityConstants.ApplicationScheme)
            {
                await Context.SignOutAsync(scheme);
            }

            return AuthenticateResult.Fail("The session has ended (signed out, or the account changed).");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, result.Properties, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.ChallengeAsync(PickScheme(Context), properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.ForbidAsync(PickScheme(Context), properties);
}
