using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>卡口管理: the road, rail, air, bus and port checkpoints officers work at.</summary>
public sealed class CheckpointsModel(CheckpointService checkpoints, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly string[] Fields = [nameof(CheckpointForm.Code), nameof(CheckpointForm.Name), nameof(CheckpointForm.Kind), nameof(CheckpointForm.Region)];

    public static IReadOnlyList<string> Kinds => CheckpointInputValidator.Kinds;

    /// <summary>Shows only checkpoints of this kind (road, rail …).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>The code of the checkpoint whose edit form is open.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public CheckpointForm Add { get; set; } = new();

    [BindProperty]
    public CheckpointForm Change { get; set; } = new();

    public IReadOnlyList<CheckpointView> Checkpoints { get; private set; } = [];

    public CheckpointView? Editing { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public static string KindOf(CheckpointKind kind) => kind.ToString().ToLowerInvariant();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is { } checkpoint)
        {
            Change = new CheckpointForm { Code = checkpoint.Code, Name = checkpoint.Name, Kind = KindOf(checkpoint.Kind), Region = checkpoint.Region };
        }
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await checkpoints.CreateAsync(new CheckpointInput(Add.Code, Add.Name, Add.Kind, Add.Region), cancellationToken);
        if (result is ServiceResult<CheckpointView>.Ok ok)
        {
            Message = t["Checkpoints.Added", ok.Value.Name];
            return RedirectToPage(new { Kind });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(Add), errors, Fields),
            failure => ModelState.AddModelError($"{nameof(Add)}.{nameof(CheckpointForm.Code)}", failure.Detail));

        Edit = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(string code, CancellationToken cancellationToken)
    {
        switch (await checkpoints.UpdateAsync(code, new CheckpointInput(code, Change.Name, Change.Kind, Change.Region), cancellationToken))
        {
            case ServiceResult<CheckpointView>.Ok ok:
                Message = t["Checkpoints.Saved", ok.Value.Name];
                return RedirectToPage(new { Kind });
            case ServiceResult<CheckpointView>.Invalid invalid:
                ModelState.AddServiceErrors(nameof(Change), invalid.Errors, Fields);
                Edit = code;
                Change.Code = code;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                Problem = t["Checkpoints.NotFound", code];
                return RedirectToPage(new { Kind });
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string code, CancellationToken cancellationToken)
    {
        switch (await checkpoints.DeleteAsync(code, cancellationToken))
        {
            case ServiceResult<string>.Ok:
                Message = t["Checkpoints.Deleted", code];
                break;
            case ServiceResult<string>.Conflict conflict:
                Problem = conflict.Detail;
                break;
            default:
                Problem = t["Checkpoints.NotFound", code];
                break;
        }

        return RedirectToPage(new { Kind });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var all = await checkpoints.ListAsync(cancellationToken);
        if (!string.IsNullOrEmpty(Kind) && !Kinds.Contains(Kind))
        {
            ModelState.AddModelError(nameof(Kind), t["Filters.Invalid", Kind]);
        }

        Checkpoints = string.IsNullOrEmpty(Kind) ? all : [.. all.Where(c => KindOf(c.Kind) == Kind)];
        if (!string.IsNullOrEmpty(Edit))
        {
            Editing = all.FirstOrDefault(c => c.Code == Edit);
        }
    }
}

public sealed class CheckpointForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Kind { get; set; } = "road";

    public string? Region { get; set; }
}
