using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>The traveler's confirmation: QR code, measure, test dates, what to bring; printable; cancel.</summary>
// The code is the credential: guessing codes one request after another is slowed down per client address.
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class DeclarationModel(DeclarationService declarations, CommunityService communities) : PageModel
{
    public DeclarationView? Declaration { get; private set; }

    public CommunityView? Community { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Created { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (await declarations.OpenAsync(code, User, HttpContext.Language(), cancellationToken) is not ServiceResult<DeclarationView>.Ok found)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Declaration = found.Value;
        Community = Declaration.Community is { } community && await communities.FindAsync(community, cancellationToken) is ServiceResult<CommunityView>.Ok c ? c.Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string code, CancellationToken cancellationToken)
    {
        var result = await declarations.CancelAsync(code, cancellationToken);
        if (result is ServiceResult<string>.Conflict conflict)
        {
            Problem = conflict.Detail;
        }

        return await OnGetAsync(code, cancellationToken);
    }
}
