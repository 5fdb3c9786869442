using EntryControl.Web.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<StaffUser> signIn, IStringLocalizer<SharedResource> localizer) : PageModel
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

        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            if (Url.IsLocalUrl(ReturnUrl))
            {
                return LocalRedirect(ReturnUrl!);
            }

            var user = await signIn.UserManager.FindByEmailAsync(Email.Trim());
            IList<string> roles = user is null ? [] : await signIn.UserManager.GetRolesAsync(user);
            return LocalRedirect(HomeOf(roles));
        }

        // The same message whether the account is unknown, the password wrong or the account locked.
        ModelState.AddModelError(string.Empty, localizer["Login.Failed"]);
        return Page();
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
