using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>修改报备: before arrival and before any checkpoint scan the traveler changes where and the trip; re-decided.</summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class AmendModel(DeclarationService declarations, CommunityService communities, RiskAreaService riskAreas, RegionCatalog regions, IStringLocalizer<SharedResource> t) : PageModel, ITripFormPage
{
    /// <summary>After a successful amend: what changed, carried over the redirect (JSON of <see cref="AmendChange"/>s).</summary>
    [TempData]
    public string? SavedChanges { get; set; }

    /// <summary>The changes of the amend just saved, or null when the page is not showing a saved amend.</summary>
    public IReadOnlyList<AmendChange>? Saved { get; private set; }

    [BindProperty]
    public DeclarationForm Declaration { get; set; } = new();

    [BindProperty]
    public TripForm Input { get; set; } = TripForm.Blank();

    public DeclarationView? Current { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<string>> StayAreas { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (await declarations.OpenAsync(code, User, HttpContext.Language(), cancellationToken) is not ServiceResult<DeclarationView>.Ok found)
        {
            return NotFound();
        }

        Current = found.Value;
        Saved = SavedChanges is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<AmendChange>>(SavedChanges);
        Declaration = new DeclarationForm
        {
            Community = Current.Community,
            Address = Current.Address,
            VehiclePlate = Current.Vehicle?.Plate,
            VehicleCompany = Current.Vehicle?.Company,
            ReceiptCompany = Current.Vehicle?.Receipt?.Company,
            ReceiptNumber = Current.Vehicle?.Receipt?.Number,
            Transit = Current.Transit,
            Checkpoint = Current.Checkpoint,
        };
        Input = TripForm.From(Current.Trip);
        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var before = await declarations.FindAsync(code, HttpContext.Language(), cancellationToken);
        var result = await declarations.AmendTripAsync(code, Declaration.ToRequest(Input), HttpContext.Language(), cancellationToken);
        switch (result)
        {
            case ServiceResult<DeclarationView>.Ok amended:
                if (before is ServiceResult<DeclarationView>.Ok old)
                {
                    Communities = await communities.ListAsync(null, cancellationToken);
                    SavedChanges = System.Text.Json.JsonSerializer.Serialize(AmendChanges.Between(old.Value, amended.Value, Communities, regions, t));
                }

                // Back to this page, which shows what changed (and links to the declaration); a reload does not post again.
                return Redirect($"/d/{Uri.EscapeDataString(code)}/edit");
            case ServiceResult<DeclarationView>.NotFound:
                return NotFound();
        }

        result.Switch(
            _ => { },
            errors =>
            {
                ModelState.Clear();
                Declaration.CopyErrors(errors, Input, ModelState);
            },
            failure => Problem = failure.Detail);
        Current = (await declarations.FindAsync(code, HttpContext.Language(), cancellationToken)) is ServiceResult<DeclarationView>.Ok ok ? ok.Value : null;
        await PrepareAsync(cancellationToken);
        return Page();
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadStays(LookupModel.StayRows);
        Communities = await communities.ListAsync(null, cancellationToken);
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);
    }
}
