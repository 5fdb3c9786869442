using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Scans;

/// <summary>卡口查验台: scan or type the code, take the temperature, see the decision at this moment, record the action.</summary>
[UsesCamera]
public sealed class IndexModel(ScanService scans, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public decimal? Temperature { get; set; }

    /// <summary>未能测温: ticked when the temperature truly cannot be taken, with <see cref="NotMeasuredReason"/>.</summary>
    [BindProperty]
    public bool NotMeasured { get; set; }

    [BindProperty]
    public string? NotMeasuredReason { get; set; }

    [BindProperty]
    public bool CertificateShown { get; set; }

    [BindProperty]
    public string? SampledAt { get; set; }

    [BindProperty]
    public string? CertificateResult { get; set; } = "negative";

    /// <summary>健康码 the colour shown (green, yellow, red), or nothing when the officer did not record it.</summary>
    [BindProperty]
    public string? HealthCode { get; set; }

    /// <summary>行程卡带星: counted as looked at (so false when unticked) only when a colour was recorded with it.</summary>
    [BindProperty]
    public bool ItineraryStar { get; set; }

    /// <summary>入市 or 出市 (entry, exit): the switch stays where the officer put it from one scan to the next.</summary>
    [BindProperty]
    public string Direction { get; set; } = "entry";

    public bool Exit => Direction == "exit";

    public ScanResult? Result { get; private set; }

    public string? Unknown { get; private set; }

    public string? Message { get; private set; }

    public CheckpointDay? Today { get; private set; }

    public ScanOutcome? Recorded { get; private set; }

    /// <summary>After a walk-in registration the console opens on its scan (or, without one, with its code filled in).</summary>
    public async Task OnGetAsync(string? code, Guid? scan, CancellationToken cancellationToken)
    {
        Code = code;
        if (scan is { } scanId && await scans.ResultAsync(scanId, User, HttpContext.Language(), cancellationToken) is ServiceResult<ScanResult>.Ok shown)
        {
            Result = shown.Value;
        }

        await LoadTodayAsync(cancellationToken);
    }

    public async Task OnPostScanAsync(CancellationToken cancellationToken)
    {
        // Every traveler's temperature is taken ("测温正常", seed 000 一), or the officer says why it could not be.
        // (An exit scan decides nothing and needs none.)
        if (!Exit && Temperature is null && !(NotMeasured && !string.IsNullOrWhiteSpace(NotMeasuredReason)))
        {
            ModelState.AddModelError(nameof(Temperature), t["Scan.TemperatureRequired"]);
            await LoadTodayAsync(cancellationToken);
            return;
        }

        var text = Code?.Trim() ?? string.Empty;
        // What the traveler shows: the declaration's code, or any identity document (resident ID, passport, permit).
        var byCode = DeclarationCodes.LooksLikeCode(text);
        var checkpoint = await scans.CheckpointOfAsync(User, cancellationToken);
        var request = new ScanRequest(
            byCode ? text : null,
            byCode ? null : text,
            checkpoint,
            Temperature,
            CertificateShown ? new CertificateInput(IsoDates.ChinaLocalInstant(SampledAt), CertificateResult) : null,
            null,
            string.IsNullOrWhiteSpace(HealthCode) ? null : HealthCode,
            ItineraryStar ? true : string.IsNullOrWhiteSpace(HealthCode) ? null : false,
            Temperature is null ? NotMeasuredReason?.Trim() : null,
            Exit ? "exit" : "entry");
        (await scans.ScanAsync(request, User, HttpContext.Language(), cancellationToken)).Switch(
            ok =>
            {
                Result = ok;
                // The next traveler's colour is chosen afresh: a red left selected must not follow them.
                HealthCode = null;
                ItineraryStar = false;
                ModelState.Remove(nameof(HealthCode));
                ModelState.Remove(nameof(ItineraryStar));
            },
            errors => ModelState.AddServiceErrors(errors, new FormFields(string.Empty)
            {
                Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["code"] = nameof(Code),
                    ["idNumber"] = nameof(Code),
                    ["temperatureCelsius"] = nameof(Temperature),
                    ["temperatureNotMeasured"] = nameof(NotMeasuredReason),
                    ["nucleicAcidTest.sampledAt"] = nameof(SampledAt),
                    ["nucleicAcidTest.result"] = nameof(CertificateResult),
                    ["healthCode"] = nameof(HealthCode),
                    ["itineraryStar"] = nameof(ItineraryStar),
                    ["direction"] = nameof(Direction),
                },
                Shown = [nameof(Code), nameof(Temperature), nameof(NotMeasuredReason), nameof(SampledAt), nameof(CertificateResult), nameof(HealthCode)],
            }),
            failure =>
            {
                // Not found or cancelled: the officer is offered a walk-in registration; anything else is a message (an
                // exit of someone who never entered among them: a walk-in would not help).
                if (failure.Kind is FailureKind.NotFound or FailureKind.Conflict && !Exit)
                {
                    Unknown = failure.Detail;
                }
                else
                {
                    Message = failure.Detail;
                }
            });

        await LoadTodayAsync(cancellationToken);
    }

    public async Task OnPostOutcomeAsync(Guid scanId, string outcome, string? sealNumber, string? tubeNumber, CancellationToken cancellationToken)
    {
        var result = await scans.RecordOutcomeAsync(scanId, new OutcomeRequest(outcome, sealNumber, tubeNumber), User, cancellationToken);
        Recorded = result is ServiceResult<OutcomeResult>.Ok recorded ? recorded.Value.Outcome : null;
        Message = result.Match<string?>(
            _ => null,
            errors => string.Join(" ", errors.SelectMany(e => e.Value)),
            failure => failure.Detail);
        await LoadTodayAsync(cancellationToken);
    }

    private async Task LoadTodayAsync(CancellationToken cancellationToken) =>
        Today = (await scans.TodayAsync(User, cancellationToken)) is ServiceResult<CheckpointDay>.Ok ok ? ok.Value : null;
}
