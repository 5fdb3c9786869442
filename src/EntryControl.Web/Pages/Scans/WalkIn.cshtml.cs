using System.Globalization;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using EntryControl.Web.Pages.Declarations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Scans;

/// <summary>现场补录: the officer registers a traveler without a declaration on one page; arrival is now.</summary>
public sealed class WalkInModel(DeclarationService declarations, CommunityService communities, RiskAreaService riskAreas, TimeProvider clock) : PageModel, ITripFormPage
{
    [BindProperty]
    public DeclarationForm Declaration { get; set; } = new();

    [BindProperty]
    public TripForm Input { get; set; } = TripForm.Blank();

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<string>> StayAreas { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await PrepareAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset);
        Input.ArrivalDate = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.ArrivalTime = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        var officer = User.StaffId() ?? Guid.Empty;
        var result = await declarations.SubmitAsync(Declaration.ToRequest(Input), officer, HttpContext.Language(), cancellationToken);
        if (result is ServiceResult<SubmittedDeclaration>.Ok ok)
        {
            return Redirect($"/checkpoint?code={Uri.EscapeDataString(ok.Value.Code)}");
        }

        result.Switch(
            _ => { },
            errors =>
            {
                ModelState.Clear();
                Declaration.CopyErrors(errors, Input, ModelState);
            },
            failure => Problem = failure.Detail);

        await PrepareAsync(cancellationToken);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadStays(1);
        Communities = await communities.ListAsync(null, cancellationToken);
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);
    }
}
