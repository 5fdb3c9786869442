using System.Globalization;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using EntryControl.Web.Pages.Declarations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Scans;

/// <summary>现场补录: the officer registers a traveler without a declaration on one page; arrival is now.</summary>
public sealed class WalkInModel(
    DeclarationService declarations,
    CommunityService communities,
    RiskAreaService riskAreas,
    ScanService scans,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock) : PageModel, ITripFormPage
{
    /// <summary>The temperature taken at the console, carried over (the scan made on saving needs it).</summary>
    [BindProperty]
    public decimal? Temperature { get; set; }

    [BindProperty]
    public DeclarationForm Declaration { get; set; } = new();

    [BindProperty]
    public TripForm Input { get; set; } = TripForm.Blank();

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<string>> StayAreas { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await StartAsync(null, null, cancellationToken);

    /// <summary>
    /// Opened from the console's "not found": what the officer typed there (a document number, the temperature) is
    /// kept. Posted, not put in the address: a document number never goes into a URL (or a request log).
    /// </summary>
    public async Task<IActionResult> OnPostStartAsync(string? idNumber, decimal? temperature, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        await StartAsync(idNumber, temperature, cancellationToken);
        return Page();
    }

    private async Task StartAsync(string? idNumber, decimal? temperature, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(idNumber) && !DeclarationCodes.LooksLikeCode(idNumber))
        {
            Declaration.Traveler.IdNumber = idNumber.Trim();
        }

        Temperature = temperature;
        var now = clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset);
        Input.ArrivalDate = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Input.ArrivalTime = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        await PrepareAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The arrival the officer gives (someone who came through earlier), else now.
        var now = clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset);
        if (string.IsNullOrWhiteSpace(Input.ArrivalDate) || string.IsNullOrWhiteSpace(Input.ArrivalTime))
        {
            Input.ArrivalDate = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Input.ArrivalTime = now.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        if (Temperature is null)
        {
            ModelState.AddModelError(nameof(Temperature), t["Scan.TemperatureRequired"]);
            await PrepareAsync(cancellationToken);
            return Page();
        }

        var officer = User.StaffId() ?? Guid.Empty;
        var result = await declarations.SubmitAsync(Declaration.ToRequest(Input), officer, HttpContext.Language(), cancellationToken);
        if (result is ServiceResult<SubmittedDeclaration>.Ok ok)
        {
            // Registered and scanned in one go: the console opens on the decision, to record what was done.
            var checkpoint = await scans.CheckpointOfAsync(User, cancellationToken);
            var scanned = await scans.ScanAsync(new ScanRequest(ok.Value.Code, null, checkpoint, Temperature, null, null), User, HttpContext.Language(), cancellationToken);
            return scanned is ServiceResult<ScanResult>.Ok done
                ? Redirect($"/checkpoint?code={Uri.EscapeDataString(ok.Value.Code)}&scan={done.Value.ScanId}")
                : Redirect($"/checkpoint?code={Uri.EscapeDataString(ok.Value.Code)}");
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
        Input.PadStays(LookupModel.StayRows);
        Communities = await communities.ListAsync(null, cancellationToken);
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);
    }
}
