using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>找回报备: by code, or by document number plus phone (posted, so they never appear in a URL or a log).</summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class FindModel(DeclarationService declarations, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public IReadOnlyList<GroupMember>? Found { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostByCodeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Code) || !await declarations.ExistsAsync(Code.Trim(), cancellationToken))
        {
            ModelState.AddModelError(nameof(Code), t["Declaration.NotFound"]);
            return Page();
        }

        return Redirect($"/d/{Uri.EscapeDataString(Code.Trim())}");
    }

    public async Task<IActionResult> OnPostByTravelerAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(IdNumber))
        {
            ModelState.AddModelError(nameof(IdNumber), t["Declaration.IdNumberRequired"]);
        }

        if (string.IsNullOrWhiteSpace(Phone))
        {
            ModelState.AddModelError(nameof(Phone), t["Declaration.PhoneRequired"]);
        }

        if (ModelState.IsValid)
        {
            Found = await declarations.FindByTravelerAsync(IdNumber, Phone, cancellationToken);
        }

        return Page();
    }
}
