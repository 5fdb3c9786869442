using System.Globalization;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// Staff sign-in for API clients (tablets, neighbouring systems). A successful sign-in with the bearer scheme makes
/// the bearer token handler write <c>{ tokenType, accessToken, expiresIn, refreshToken }</c>.
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/auth").WithTags("Authentication").AllowAnonymous();
        group.MapPost("/login", async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> (
            LoginRequest request, StaffSignIn signIn, HttpContext context, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            {
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(request.Email))
                {
                    errors["email"] = ["'Email' must not be empty."];
                }

                if (string.IsNullOrEmpty(request.Password))
                {
                    errors["password"] = ["'Password' must not be empty."];
                }

                return TypedResults.ValidationProblem(errors);
            }

            var address = context.Connection.RemoteIpAddress?.ToString();
            return await signIn.SignInAsync(request.Email, request.Password, address, IdentityConstants.BearerScheme, ct) switch
            {
                SignInOutcome.Succeeded => TypedResults.Empty,
                SignInOutcome.Throttled throttled => TooManyAttempts(context, throttled.RetryAfter),
                // Unknown user, wrong password and a disabled account get the same answer: no one learns which emails exist.
                _ => TypedResults.Problem(
                    "The email or password is not correct, or the account is disabled.",
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Sign-in failed"),
            };
        }).WithSummary("Sign in: bearer and refresh tokens (429 with Retry-After after too many attempts)");

        group.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            RefreshRequest request,
            SignInManager<StaffUser> signIn,
            StaffSessions sessions,
            IOptionsMonitor<BearerTokenOptions> bearerOptions,
            TimeProvider clock,
            CancellationToken ct) =>
        {
            var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
            var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
                || !await signIn.CanSignInAsync(user)
                || await signIn.UserManager.IsLockedOutAsync(user)
                || StaffSessions.SessionId(ticket.Principal) is not { } session
                || await sessions.RotateAsync(ticket.Principal, ct) is not { } next)
            {
                return TypedResults.Problem("The refresh token is not valid.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh failed");
            }

            var principal = await signIn.CreateUserPrincipalAsync(user);
            principal.Identities.First().AddClaims(StaffSessions.Claims(session, next));
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        }).WithSummary("A new access token and refresh token for the newest refresh token of a session (an older one ends the session)");

        endpoints.MapPost("/api/v1/auth/logout", async (StaffSessions sessions, HttpContext context, CancellationToken ct) =>
        {
            await sessions.RevokeAsync(context.User, ct);
            return TypedResults.NoContent();
        }).WithTags("Authentication").RequireAuthorization(StaffPolicies.AnyStaff)
            .WithSummary("Sign out: this session's access and refresh tokens (or cookie) are refused from now on; other sessions stay");
        return endpoints;
    }

    private static ProblemHttpResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"Too many sign-in attempts. Please wait {seconds} seconds before trying again.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests");
    }
}
