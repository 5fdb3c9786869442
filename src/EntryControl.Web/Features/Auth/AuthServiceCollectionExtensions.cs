using System.Security.Claims;
using EntryControl.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace EntryControl.Web.Features.Auth;

public static class AuthServiceCollectionExtensions
{
    private const string CookieOrBearer = StaffAuthenticationHandler.SchemeName;

    /// <summary>
    /// ASP.NET Core Identity in PostgreSQL: bearer tokens for the API, the cookie for Razor Pages (the default scheme
    /// picks by the Authorization header and checks the session on every request), sign-in limits, role policies.
    /// </summary>
    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddIdentityCore<StaffUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<EntryControlDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        // Failed sign-ins never lock the account (StaffSignIn limits per address instead); the lockout fields only
        // hold an admin's "disabled".
        services.AddMemoryCache();
        services.AddSingleton<SessionCheckCache>();
        services.AddSingleton<SignInAddressLimiter>();
        services.AddScoped<StaffSessions>();
        services.AddScoped<StaffSignIn>();
        services.AddScoped<SessionCheck>();
        services.AddScoped<OfficerCheckpoints>();
        // Identity's own cookie check (every 30 minutes) rebuilds the principal from the database: keep the session id.
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(StaffSessions.SessionClaim) is { } session
                && context.NewPrincipal?.Identity is ClaimsIdentity identity)
            {
                identity.AddClaim(new Claim(StaffSessions.SessionClaim, session.Value));
            }

            return Task.CompletedTask;
        });

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieOrBearer;
                options.DefaultChallengeScheme = CookieOrBearer;
            })
            .AddScheme<AuthenticationSchemeOptions, StaffAuthenticationHandler>(CookieOrBearer, "Cookie or bearer token, with the session check", null)
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = TimeSpan.FromHours(1);
                options.RefreshTokenExpiration = TimeSpan.FromDays(7);
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/Account/Login";
                options.LogoutPath = "/Account/Logout";
                options.AccessDeniedPath = "/Account/AccessDenied";
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.Cookie.Name = "EntryControl.Staff";
                options.Cookie.SameSite = SameSiteMode.Lax;
                // The API answers with a status code (and a problem body), never a redirect to the login page.
                options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
            }));

        services.AddAuthorizationBuilder().AddStaffPolicies();
        return services;
    }

    private static Task ApiStatusOrRedirect(HttpContext context, string redirectUri, int status)
    {
        // /metrics is read by programs (a scraper), like the API.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }

        return Task.CompletedTask;
    }
}
