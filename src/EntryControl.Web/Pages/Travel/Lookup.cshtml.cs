using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EntryControl.Web.Pages.Travel;

/// <summary>出行政策查询: a traveler describes a trip and sees the measure, without registering anything.</summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class LookupModel(EvaluationService evaluations, RiskAreaService riskAreas, RegionCatalog regions) : PageModel, ITripFormPage
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
        var result = await evaluations.EvaluateAsync(Input.ToRequest(), cancellationToken);
        switch (result)
        {
            case ServiceResult<Evaluation>.Ok ok:
                Result = EvaluationView.From(ok.Value.Decision, EvaluationEndpoints.WantsEnglish());
                break;
            case ServiceResult<Evaluation>.Invalid invalid:
                Input.CopyErrors(invalid.Errors, ModelState, nameof(Input));
                break;
            case ServiceResult<Evaluation>.Unprocessable unprocessable:
                NoPolicy = unprocessable.Detail;
                break;
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadStays(StayRows);
        Destinations = TripForm.InnerMongoliaCounties(regions);
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);
    }
}
