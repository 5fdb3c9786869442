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
        group.MapPost("/login", async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> (LoginRequest request, SignInManager<StaffUser> signIn) =>
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

            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(request.Email.Trim(), request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded)
            {
                return TypedResults.Empty;
            }

            // Unknown user, wrong password and a locked account get the same answer: no one learns which emails exist.
            return TypedResults.Problem(
                "The email or password is not correct, or the account is locked after repeated failures.",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed");
        });

        group.MapPost("/refresh", async Task<Results<SignInHttpResult, ProblemHttpResult>> (
            RefreshRequest request,
            SignInManager<StaffUser> signIn,
            IOptionsMonitor<BearerTokenOptions> bearerOptions,
            TimeProvider clock) =>
        {
            var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
            var ticket = string.IsNullOrEmpty(request.RefreshToken) ? null : protector.Unprotect(request.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
                || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user
                || !await signIn.CanSignInAsync(user)
                || await signIn.UserManager.IsLockedOutAsync(user))
            {
                return TypedResults.Problem("The refresh token is not valid.", statusCode: StatusCodes.Status401Unauthorized, title: "Refresh failed");
            }

            var principal = await signIn.CreateUserPrincipalAsync(user);
            return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        });
        return endpoints;
    }
}
