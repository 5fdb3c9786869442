using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>风险区域管理: the registry that every evaluation reads.</summary>
public sealed class RiskAreasModel(RiskAreaService riskAreas, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ActiveOn { get; set; }

    [BindProperty]
    public RiskAreaForm Add { get; set; } = new();

    public IReadOnlyList<RiskAreaView> Areas { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string[]>> ImportErrors { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public string Today => IsoDates.Format(DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(EntryControl.Rules.ChinaTime.Offset).DateTime));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await riskAreas.CreateAsync(new RiskAreaInput(Add.Region, Add.Area, Add.Level, Add.From, Add.To), cancellationToken);
        if (result is ServiceResult<RiskAreaView>.Invalid invalid)
        {
            ModelState.AddServiceErrors(invalid.Errors, new FormFields(nameof(Add)));
            await LoadAsync(cancellationToken);
            return Page();
        }

        Message = t["RiskAreas.Added"];
        return RedirectToPage(new { Region, ActiveOn });
    }

    public async Task<IActionResult> OnPostLiftAsync(Guid id, string? lastDay, CancellationToken cancellationToken)
    {
        if (!IsoDates.TryParseDate(lastDay, out var day))
        {
            Message = t["RiskAreas.LiftDateInvalid"];
            return RedirectToPage(new { Region, ActiveOn });
        }

        var result = await riskAreas.LiftAsync(id, day, cancellationToken);
        Message = result.Match(
            _ => t["RiskAreas.Lifted", IsoDates.Format(day)].Value,
            errors => string.Join(" ", errors.SelectMany(e => e.Value)),
            failure => failure.Detail);
        return RedirectToPage(new { Region, ActiveOn });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await riskAreas.DeleteAsync(id, cancellationToken);
        Message = result.Match(_ => t["RiskAreas.Deleted"].Value, errors => string.Join(" ", errors.SelectMany(e => e.Value)), failure => failure.Detail);
        return RedirectToPage(new { Region, ActiveOn });
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", t["RiskAreas.ImportNoFile"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        await using var stream = file.OpenReadStream();
        var result = await riskAreas.ImportCsvAsync(stream, cancellationToken);
        if (result is ServiceResult<ImportResult>.Invalid invalid)
        {
            ImportErrors = [.. invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal)];
            await LoadAsync(cancellationToken);
            return Page();
        }

        Message = t["RiskAreas.Imported", ((ServiceResult<ImportResult>.Ok)result).Value.Imported];
        return RedirectToPage(new { Region, ActiveOn });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var day = IsoDates.ParseDateOrNull(ActiveOn);
        Areas = await riskAreas.ListAsync(Region, day, cancellationToken);
    }
}

public sealed class RiskAreaForm
{
    public string? Region { get; set; }

    public string? Area { get; set; }

    public string? Level { get; set; } = "high";

    public string? From { get; set; }

    public string? To { get; set; }
}
