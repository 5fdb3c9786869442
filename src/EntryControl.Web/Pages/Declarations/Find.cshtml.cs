using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>找回报备: by code, or by document number plus phone (posted, so they never appear in a URL or a log).</summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class FindModel(DeclarationService declarations, RegionCatalog regions, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? IdNumber { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    public IReadOnlyList<FoundDeclaration>? Found { get; private set; }

    /// <summary>The destination as a place: the county's name and the community, e.g. "临河区 新华社区".</summary>
    public string PlaceOf(FoundDeclaration found) =>
        string.Join(' ', new[] { regions.Find(found.Destination)?.Name ?? found.Destination, found.CommunityName }.Where(p => !string.IsNullOrEmpty(p)));

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
