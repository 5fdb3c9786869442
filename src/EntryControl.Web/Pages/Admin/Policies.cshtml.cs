using EntryControl.Rules;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.PolicyAuthoring;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>政策: every version of every notice the rules engine applies, the drafts waiting, and the upload of a new one.</summary>
public sealed class PoliciesModel(PolicyCatalog catalog, PolicyAuthoringService authoring, RegionCatalog regions, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<PolicyListItem> Policies { get; private set; } = [];

    public IReadOnlyList<PolicyDraftListItem> Drafts { get; private set; } = [];

    public DateOnly Today { get; private set; }

    /// <summary>The policy file pasted (kept after a refusal, so the author can correct it).</summary>
    [BindProperty]
    public string? UploadJson { get; set; }

    public string RegionName(string code) => regions.FullName(code) is { Length: > 0 } name ? name : code;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>上传: a file or pasted JSON becomes a draft, or every problem is listed next to the field.</summary>
    public async Task<IActionResult> OnPostUploadAsync(IFormFile? uploadFile, CancellationToken cancellationToken)
    {
        var json = UploadJson;
        if (uploadFile is { Length: > 0 })
        {
            if (uploadFile.Length > PolicyAuthoringService.MaxLength)
            {
                ModelState.AddModelError(nameof(UploadJson), t["PolicyAuthoring.TooLong", PolicyAuthoringService.MaxLength / 1024]);
                await LoadAsync(cancellationToken);
                return Page();
            }

            using var reader = new StreamReader(uploadFile.OpenReadStream());
            json = await reader.ReadToEndAsync(cancellationToken);
            UploadJson = json;
        }

        var result = await authoring.UploadAsync(User, json, cancellationToken);
        if (result is ServiceResult<PolicyDraftView>.Ok { Value: var draft })
        {
            return RedirectToPage("PolicyVersion", new { id = draft.Id, version = draft.Version });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(UploadJson), errors),
            failure => ModelState.AddModelError(nameof(UploadJson), failure.Detail));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Policies = catalog.List();
        Drafts = await authoring.DraftsAsync(policyId: null, cancellationToken);
        Today = ChinaTime.LocalDate(clock.GetUtcNow());
    }
}
