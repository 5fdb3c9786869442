using EntryControl.Rules;
using EntryControl.Web.Features.Checkpoints;
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

/// <summary>
/// 来（返）报备 in four steps (who, where to, trip, review). Every field of every step is posted each time (sections of
/// other steps are hidden), so the wizard works without JavaScript and nothing is stored until the final submit.
/// </summary>
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
[SubmissionRateLimit]
public sealed class DeclareModel(
    DeclarationService declarations,
    EvaluationService evaluations,
    CommunityService communities,
    CheckpointService checkpoints,
    RiskAreaService riskAreas,
    PolicyCatalog policies,
    RegionCatalog regions,
    TimeProvider clock,
    IStringLocalizer<SharedResource> t) : PageModel, ITripFormPage
{
    public const int Steps = 4;

    [BindProperty]
    public DeclarationForm Declaration { get; set; } = new();

    /// <summary>The trip: named <c>Input</c> so the shared trip fields bind as on the lookup page.</summary>
    [BindProperty]
    public TripForm Input { get; set; } = TripForm.Blank();

    [BindProperty]
    public int Step { get; set; } = 1;

    public EvaluationView? Preview { get; private set; }

    public string? NoPolicy { get; private set; }

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    /// <summary>The entry checkpoints a transit driver (途经) chooses from.</summary>
    public IReadOnlyList<CheckpointView> Checkpoints { get; private set; } = [];

    public IReadOnlyList<IReadOnlyList<string>> StayAreas { get; private set; } = [];

    public LookBack? StaysLookBack { get; private set; }

    /// <summary>Per community code, the advance-registration rule of the policy in force there today (for the live warning).</summary>
    public IReadOnlyDictionary<string, (int Days, string Rule)> AdvanceRules { get; private set; } = new Dictionary<string, (int, string)>();

    /// <summary>The chosen arrival is closer than the destination policy's advance period: the registration will be late.</summary>
    public string? LateWarning { get; private set; }

    /// <summary>The server's now (the test clock in tests), so the live warning measures from the same instant.</summary>
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await PrepareAsync(cancellationToken);

    public async Task<IActionResult> OnPostNextAsync(CancellationToken cancellationToken)
    {
        var errors = await ErrorsUpToAsync(Step, cancellationToken);
        if (errors.Count > 0)
        {
            Show(errors);
        }
        else
        {
            Step = Math.Min(Step + 1, Steps);
            ModelState.Clear();
            if (Step == Steps)
            {
                await PreviewAsync(cancellationToken);
            }
        }

        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        Step = Math.Max(Step - 1, 1);
        ModelState.Clear();
        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddCoTravelerAsync(CancellationToken cancellationToken)
    {
        if (Declaration.CoTravelers.Count < DeclarationRequestValidator.MaxCoTravelers)
        {
            Declaration.CoTravelers.Add(new TravelerForm());
        }

        Step = 1;
        ModelState.Clear();
        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken cancellationToken)
    {
        var result = await declarations.SubmitAsync(Declaration.ToRequest(Input), registeredBy: null, HttpContext.Language(), cancellationToken);
        if (result is ServiceResult<SubmittedDeclaration>.Ok ok)
        {
            return RedirectToPage("/Declarations/Declaration", new { code = ok.Value.Code, created = true });
        }

        result.Switch(
            _ => { },
            Show,
            failure =>
            {
                NoPolicy = failure.Detail;
                Step = 2;
            });

        if (Step == Steps)
        {
            await PreviewAsync(cancellationToken);
        }

        await PrepareAsync(cancellationToken);
        return Page();
    }

    /// <summary>The errors of the whole declaration that belong to steps 1..<paramref name="step"/>.</summary>
    private async Task<IDictionary<string, string[]>> ErrorsUpToAsync(int step, CancellationToken cancellationToken)
    {
        var errors = await declarations.ValidateAsync(Declaration.ToRequest(Input), cancellationToken);
        return errors.Where(e => DeclarationForm.StepOf(e.Key) <= step && e.Key != "attestation")
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private void Show(IDictionary<string, string[]> errors)
    {
        ModelState.Clear();
        Declaration.CopyErrors(errors, Input, ModelState);
        Step = errors.Keys.Select(DeclarationForm.StepOf).DefaultIfEmpty(Step).Min();
    }

    private async Task PreviewAsync(CancellationToken cancellationToken)
    {
        var request = Declaration.ToRequest(Input);
        var destination = Declaration.DestinationIn(Communities, Checkpoints)
            ?? (Declaration.Transit ? null : await communities.FindAsync(Declaration.Community ?? string.Empty, cancellationToken) is ServiceResult<CommunityView>.Ok c ? c.Value.Region : null);
        var evaluated = await evaluations.EvaluateAsync(request.Trip!.ToEvaluation(destination), cancellationToken);
        Preview = null;
        NoPolicy = null;
        evaluated.Switch(
            ok => Preview = EvaluationView.From(ok.Decision, HttpContext.Language()),
            _ => { },
            failure => NoPolicy = failure.Detail);
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Input.PadStays(LookupModel.StayRows);
        if (Declaration.CoTravelers.Count == 0)
        {
            Declaration.CoTravelers.Add(new TravelerForm());
        }

        Communities = await communities.ListAsync(null, cancellationToken);
        Checkpoints = await checkpoints.ListAsync(cancellationToken);
        StayAreas = await riskAreas.AreaNamesAsync(Input.Stays.Select(s => s.Region), cancellationToken);

        Now = clock.GetUtcNow();
        var rules = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var community in Communities)
        {
            if (PolicyHints.PolicyFor(policies, community.Region, null, Now) is { AdvanceRegistrationDays: { } days } policy)
            {
                rules[community.Code] = (days, PolicyHints.AdvanceRule(policy, regions, t)!);
            }
        }

        AdvanceRules = rules;
        var arrival = IsoDates.ChinaLocalInstant(Input.ArrivalDate, Input.ArrivalTime);
        var county = Communities.FirstOrDefault(c => c.Code == Declaration.Community)?.Region;
        var destinationPolicy = PolicyHints.PolicyFor(policies, county, arrival, Now);
        StaysLookBack = destinationPolicy?.LookBack;
        LateWarning = destinationPolicy is not null && IsoDates.TryParseInstant(arrival, out var arrivalAt)
            ? PolicyHints.LateWarning(destinationPolicy, arrivalAt, Now, regions, t)
            : null;
    }
}
