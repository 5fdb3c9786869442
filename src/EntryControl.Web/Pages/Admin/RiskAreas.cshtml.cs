using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>风险区域管理: the registry that every evaluation reads.</summary>
public sealed class RiskAreasModel(RiskAreaService riskAreas, ReevaluationService reevaluation, RegionCatalog regions, TimeProvider clock, ValidationNames names, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>
    /// Where an import error is, in the page's language: the service keys errors as the API does ("line 3: from"), the
    /// page says "第3行 开始日期" / "line 3, From".
    /// </summary>
    public string ImportWhere(string key)
    {
        var match = System.Text.RegularExpressions.Regex.Match(key, @"^line (\d+): (.+)$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return names.Of(key) ?? key;
        }

        var field = match.Groups[2].Value;
        return t["RiskAreas.ImportWhere", match.Groups[1].Value, names.Of(field) ?? field];
    }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ActiveOn { get; set; }

    [BindProperty]
    public RiskAreaForm Add { get; set; } = new();

    public IReadOnlyList<RiskAreaView> Areas { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string[]>> ImportErrors { get; private set; } = [];

    /// <summary>What the designation in the add form would do, shown before it is saved.</summary>
    public ImpactView? Impact { get; private set; }

    /// <summary>The lift or delete being previewed: its handler, the designation and the last day (for a lift).</summary>
    public (string Handler, Guid Id, string? LastDay)? Pending { get; private set; }

    /// <summary>The CSV file being previewed, carried to the confirm button.</summary>
    public string? ImportCsv { get; private set; }

    /// <summary>What importing the previewed file would do.</summary>
    public ImpactView? ImportImpact { get; private set; }

    /// <summary>The latest registry changes with the progress of their re-decisions.</summary>
    public IReadOnlyList<RegistryChangeView> Changes { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The message reports a refusal (a lift or delete that did not happen), shown as an error, not a success.</summary>
    [TempData]
    public bool Failed { get; set; }

    public string Today => IsoDates.Format(DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(EntryControl.Rules.ChinaTime.Offset).DateTime));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>预览: what saving the add form would do to current declarations, with a button to confirm.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var input = new RiskAreaInput(Add.Region, Add.Area, Add.Level, Add.From, Add.To);
        (await reevaluation.PreviewAsync(new ImpactRequest("create", null, input), cancellationToken)).Switch(
            impact => Impact = impact,
            errors => ModelState.AddServiceErrors(
                errors.ToDictionary(e => e.Key.StartsWith("riskArea.", StringComparison.Ordinal) ? e.Key["riskArea.".Length..] : e.Key, e => e.Value, StringComparer.Ordinal),
                new FormFields(nameof(Add))),
            failure => ModelState.AddModelError(nameof(Add), failure.Detail));
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await riskAreas.CreateAsync(new RiskAreaInput(Add.Region, Add.Area, Add.Level, Add.From, Add.To), cancellationToken);
        if (result is ServiceResult<RiskAreaView>.Invalid invalid)
        {
            ModelState.AddServiceErrors(invalid.Errors, new FormFields(nameof(Add)));
            await LoadAsync(cancellationToken);
            return Page();
        }

        Message = t["RiskAreas.Added"] + " " + t["RiskAreas.Reevaluating"];
        return RedirectToPage(new { Region, ActiveOn });
    }

    /// <summary>预览: what lifting (with <paramref name="lastDay"/>) or deleting a designation would do, before it is done.</summary>
    public async Task<IActionResult> OnPostPreviewChangeAsync(Guid id, string? lastDay, bool delete, CancellationToken cancellationToken)
    {
        var existing = (await riskAreas.FindAsync(id, cancellationToken)) is ServiceResult<RiskAreaView>.Ok found ? found.Value : null;
        if (!delete && !IsoDates.TryParseDate(lastDay, out _))
        {
            (Message, Failed) = (t["RiskAreas.LiftDateInvalid"], true);
            return RedirectToPage(new { Region, ActiveOn });
        }

        var request = delete || existing is null
            ? new ImpactRequest("delete", id, null)
            : new ImpactRequest("update", id, new RiskAreaInput(existing.Region, existing.Area, ApiNames.Name(existing.Level), IsoDates.Format(existing.From), lastDay));
        (await reevaluation.PreviewAsync(request, cancellationToken)).Switch(
            impact =>
            {
                Impact = impact;
                Pending = (delete ? "Delete" : "Lift", id, lastDay);
            },
            errors => (Message, Failed) = (string.Join(" ", errors.SelectMany(e => e.Value)), true),
            failure => (Message, Failed) = (failure.Detail, true));
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostLiftAsync(Guid id, string? lastDay, CancellationToken cancellationToken)
    {
        if (!IsoDates.TryParseDate(lastDay, out var day))
        {
            (Message, Failed) = (t["RiskAreas.LiftDateInvalid"], true);
            return RedirectToPage(new { Region, ActiveOn });
        }

        var result = await riskAreas.LiftAsync(id, day, cancellationToken);
        (Message, Failed) = result.Match<(string?, bool)>(
            _ => (t["RiskAreas.Lifted", IsoDates.Format(day)] + " " + t["RiskAreas.Reevaluating"], false),
            errors => (string.Join(" ", errors.SelectMany(e => e.Value)), true),
            failure => (failure.Detail, true));
        return RedirectToPage(new { Region, ActiveOn });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await riskAreas.DeleteAsync(id, cancellationToken);
        (Message, Failed) = result.Match<(string?, bool)>(
            _ => (t["RiskAreas.Deleted"] + " " + t["RiskAreas.Reevaluating"], false),
            errors => (string.Join(" ", errors.SelectMany(e => e.Value)), true),
            failure => (failure.Detail, true));
        return RedirectToPage(new { Region, ActiveOn });
    }

    /// <summary>预览: the whole file is checked and its effect on current declarations shown before anything is saved.</summary>
    public async Task<IActionResult> OnPostImportPreviewAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", t["RiskAreas.ImportNoFile"]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        using var csv = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var checkedFile = await riskAreas.CheckCsvAsync(csv, cancellationToken);
        if (checkedFile is ServiceResult<IReadOnlyList<RiskAreaInput>>.Ok ok)
        {
            ImportImpact = await reevaluation.PreviewAddingAsync([.. ok.Value.Select(RiskAreaService.DesignationOf)], cancellationToken);
            ImportCsv = text;
        }
        else if (checkedFile is ServiceResult<IReadOnlyList<RiskAreaInput>>.Invalid invalid)
        {
            ImportErrors = [.. invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal)];
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The previewed file, confirmed.</summary>
    public async Task<IActionResult> OnPostImportConfirmedAsync(string? csv, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv ?? string.Empty));
        return await ImportAsync(stream, cancellationToken);
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
        return await ImportAsync(stream, cancellationToken);
    }

    private async Task<IActionResult> ImportAsync(Stream stream, CancellationToken cancellationToken)
    {
        var result = await riskAreas.ImportCsvAsync(stream, cancellationToken);
        if (result is ServiceResult<ImportResult>.Invalid invalid)
        {
            ImportErrors = [.. invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal)];
            await LoadAsync(cancellationToken);
            return Page();
        }

        Message = t["RiskAreas.Imported", ((ServiceResult<ImportResult>.Ok)result).Value.Imported] + " " + t["RiskAreas.Reevaluating"];
        return RedirectToPage(new { Region, ActiveOn });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // A filter that is not one is said next to its field, and lists nothing, rather than being silently ignored.
        if (!string.IsNullOrWhiteSpace(Region) && regions.Find(Region.Trim()) is null)
        {
            ModelState.AddModelError(nameof(Region), t["RiskAreas.RegionFilterInvalid"]);
        }

        if (!string.IsNullOrWhiteSpace(ActiveOn) && !IsoDates.TryParseDate(ActiveOn, out _))
        {
            ModelState.AddModelError(nameof(ActiveOn), t["RiskAreas.ActiveOnInvalid"]);
        }

        var filtersValid = ModelState[nameof(Region)]?.Errors.Count is null or 0 && ModelState[nameof(ActiveOn)]?.Errors.Count is null or 0;
        Areas = filtersValid ? await riskAreas.ListAsync(Region?.Trim(), IsoDates.ParseDateOrNull(ActiveOn), cancellationToken) : [];
        Changes = [.. (await reevaluation.ListChangesAsync(1, cancellationToken)).Take(10)];
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
