using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Checkpoint;

/// <summary>卡口查验台: scan or type the code, take the temperature, see the decision at this moment, record the action.</summary>
public sealed class IndexModel(ScanService scans) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public decimal? Temperature { get; set; }

    [BindProperty]
    public bool CertificateShown { get; set; }

    [BindProperty]
    public string? SampledAt { get; set; }

    [BindProperty]
    public string? CertificateResult { get; set; } = "negative";

    public ScanResult? Result { get; private set; }

    public string? Unknown { get; private set; }

    public string? Message { get; private set; }

    public CheckpointDay? Today { get; private set; }

    public ScanOutcome? Recorded { get; private set; }

    /// <summary>The action the decision calls for: refuse, refer, transfer, landing test, or release.</summary>
    public static ScanOutcome Recommended(EvaluationView decision) =>
        !decision.EntryAllowed ? ScanOutcome.Refused
        : decision.Measure == Rules.Measure.MedicalReferral ? ScanOutcome.ReferredToClinic
        : decision.Phases.Count > 0 && decision.Phases[0].Measure == Rules.Measure.CentralizedQuarantine ? ScanOutcome.TransferredToQuarantine
        : decision.LandingTest ? ScanOutcome.LandingTestTaken
        : ScanOutcome.Released;

    /// <summary>After a walk-in registration the console opens with its code filled in.</summary>
    public async Task OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        Code = code;
        await LoadTodayAsync(cancellationToken);
    }

    public async Task OnPostScanAsync(CancellationToken cancellationToken)
    {
        var text = Code?.Trim() ?? string.Empty;
        // An 18-character resident ID (or any document number the traveler shows) looks up the declaration too.
        var byId = text.Length is 18 && text[..17].All(char.IsAsciiDigit);
        var checkpoint = await scans.CheckpointOfAsync(User, cancellationToken);
        var request = new ScanRequest(
            byId ? null : text,
            byId ? text : null,
            checkpoint,
            Temperature,
            CertificateShown ? new CertificateInput(string.IsNullOrWhiteSpace(SampledAt) ? null : $"{SampledAt.Trim()}:00+08:00", CertificateResult) : null,
            null);
        switch (await scans.ScanAsync(request, User, cancellationToken))
        {
            case ServiceResult<ScanResult>.Ok ok:
                Result = ok.Value;
                break;
            case ServiceResult<ScanResult>.Invalid invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    var key = field switch
                    {
                        "code" or "idNumber" => nameof(Code),
                        "temperatureCelsius" => nameof(Temperature),
                        "nucleicAcidTest.sampledAt" => nameof(SampledAt),
                        "nucleicAcidTest.result" => nameof(CertificateResult),
                        _ => string.Empty,
                    };
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(key, message);
                    }
                }

                break;
            case ServiceResult<ScanResult>.NotFound notFound:
                Unknown = notFound.Detail;
                break;
            case ServiceResult<ScanResult>.Conflict conflict:
                Unknown = conflict.Detail;
                break;
            case ServiceResult<ScanResult>.Forbidden forbidden:
                Message = forbidden.Detail;
                break;
            case ServiceResult<ScanResult>.Unprocessable none:
                Message = none.Detail;
                break;
        }

        await LoadTodayAsync(cancellationToken);
    }

    public async Task OnPostOutcomeAsync(Guid scanId, string outcome, string? sealNumber, string? tubeNumber, CancellationToken cancellationToken)
    {
        var result = await scans.RecordOutcomeAsync(scanId, new OutcomeRequest(outcome, sealNumber, tubeNumber), User, cancellationToken);
        Recorded = result is ServiceResult<OutcomeResult>.Ok recorded ? recorded.Value.Outcome : null;
        Message = result switch
        {
            ServiceResult<OutcomeResult>.Ok ok => null,
            ServiceResult<OutcomeResult>.Invalid invalid => string.Join(" ", invalid.Errors.SelectMany(e => e.Value)),
            ServiceResult<OutcomeResult>.NotFound notFound => notFound.Detail,
            ServiceResult<OutcomeResult>.Forbidden forbidden => forbidden.Detail,
            ServiceResult<OutcomeResult>.Conflict conflict => conflict.Detail,
            _ => null,
        };
        await LoadTodayAsync(cancellationToken);
    }

    private async Task LoadTodayAsync(CancellationToken cancellationToken) =>
        Today = (await scans.TodayAsync(User, cancellationToken)) is ServiceResult<CheckpointDay>.Ok ok ? ok.Value : null;
}
