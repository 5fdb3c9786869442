using System.Globalization;
using EntryControl.Web.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(StaffSignIn signIn, UserManager<StaffUser> users, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            ModelState.AddModelError(nameof(Email), localizer["Login.EmailRequired"]);
        }

        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), localizer["Login.PasswordRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signIn.SignInAsync(Email!, Password!, HttpContext.Connection.RemoteIpAddress?.ToString(),
            IdentityConstants.ApplicationScheme, HttpContext.RequestAborted);
        switch (outcome)
        {
            case SignInOutcome.Succeeded succeeded:
                if (Url.IsLocalUrl(ReturnUrl))
                {
                    return LocalRedirect(ReturnUrl!);
                }

                return LocalRedirect(HomeOf(await users.GetRolesAsync(succeeded.User)));
            case SignInOutcome.Throttled throttled:
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = ((int)Math.Ceiling(throttled.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                ModelState.AddModelError(string.Empty, localizer["Login.Throttled", (int)Math.Ceiling(throttled.RetryAfter.TotalMinutes)]);
                return Page();
            default:
                // The same message whether the account is unknown, the password wrong or the account disabled.
                ModelState.AddModelError(string.Empty, localizer["Login.Failed"]);
                return Page();
        }
    }

    /// <summary>Where each role works: the page a staff member lands on after signing in without a return address.</summary>
    public static string HomeOf(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return held.Contains(Roles.Admin) ? "/Admin"
            : held.Contains(Roles.CheckpointOfficer) ? "/checkpoint"
            : held.Contains(Roles.CommunityWorker) ? "/community"
            : held.Contains(Roles.CommandCenter) ? "/command"
            : "/";
    }
}
