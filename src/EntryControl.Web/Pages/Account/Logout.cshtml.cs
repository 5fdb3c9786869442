using EntryControl.Web.Features.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<StaffUser> signIn, StaffSessions sessions) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        // This browser's session ends on the server too: a copy of the cookie is refused from now on.
        await sessions.RevokeAsync(User, HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
