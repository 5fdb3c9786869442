using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>出行政策查询: a traveler describes a trip and sees the measure, without registering anything.</summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class LookupModel(EvaluationService evaluations, RiskAreaService riskAreas, Destinations destinations) : PageModel, ITripFormPage
{
    public const int StayRows = 3;

    /// <summary>The lookup stores nothing, so the form is a GET: a result can be bookmarked or shared.</summary>
    [BindProperty(SupportsGet = true)]
    public TripForm Input { get; set; } = TripForm.Blank();

    public EvaluationView? Result { get; private set; }

    public string? NoPolicy { get; private set; }

    /// <summary>The designated areas of each stay's county, for the checkboxes.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StayAreas { get; private set; } = [];

    public IReadOnlyList<(Region Prefecture, IReadOnlyList<Region> Counties)> Destinations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Request.Query.ContainsKey("Input.Destination"))
        {
            await EvaluateAsync(cancellationToken);
        }

        await PrepareAsync(cancellationToken);
    }

    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        (await evaluations.EvaluateAsync(Input.ToRequest(), cancellationToken)).Switch(
            ok => Result = EvaluationView.From(ok.Decision, HttpContext.Language()),
            errors => ModelState.AddServiceErrors(errors, Input.Fields(nameof(Input))),
            failure => NoPolicy = failure.Detail);
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadStays(StayRows);
        Destinations = destinations.ByPrefecture;
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);
    }
}
