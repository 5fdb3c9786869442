using EntryControl.Web.Features.Communities;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>社区管理: the communities travelers declare as their destination and workers cover.</summary>
public sealed class CommunitiesModel(CommunityService communities, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly string[] Fields = [nameof(CommunityForm.Code), nameof(CommunityForm.Name), nameof(CommunityForm.Region)];

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    /// <summary>The code of the community whose edit form is open.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Edit { get; set; }

    [BindProperty]
    public CommunityForm Add { get; set; } = new();

    [BindProperty]
    public CommunityForm Change { get; set; } = new();

    public IReadOnlyList<CommunityView> Communities { get; private set; } = [];

    public CommunityView? Editing { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public string? Problem { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Editing is { } community)
        {
            Change = new CommunityForm { Code = community.Code, Name = community.Name, Region = community.Region };
        }
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        var result = await communities.CreateAsync(new CommunityInput(Add.Code, Add.Name, Add.Region), cancellationToken);
        if (result is ServiceResult<CommunityView>.Ok ok)
        {
            Message = t["Communities.Added", ok.Value.Name];
            return RedirectToPage(new { Region });
        }

        result.Switch(
            _ => { },
            errors => ModelState.AddServiceErrors(nameof(Add), errors, Fields),
            failure => ModelState.AddModelError($"{nameof(Add)}.{nameof(CommunityForm.Code)}", failure.Detail));

        Edit = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(string code, CancellationToken cancellationToken)
    {
        switch (await communities.UpdateAsync(code, new CommunityInput(code, Change.Name, Change.Region), cancellationToken))
        {
            case ServiceResult<CommunityView>.Ok ok:
                Message = t["Communities.Saved", ok.Value.Name];
                return RedirectToPage(new { Region });
            case ServiceResult<CommunityView>.Invalid invalid:
                ModelState.AddServiceErrors(nameof(Change), invalid.Errors, Fields);
                Edit = code;
                Change.Code = code;
                await LoadAsync(cancellationToken);
                return Page();
            default:
                Problem = t["Communities.NotFound", code];
                return RedirectToPage(new { Region });
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(string code, CancellationToken cancellationToken)
    {
        switch (await communities.DeleteAsync(code, cancellationToken))
        {
            case ServiceResult<string>.Ok:
                Message = t["Communities.Deleted", code];
                break;
            case ServiceResult<string>.Conflict conflict:
                Problem = conflict.Detail;
                break;
            default:
                Problem = t["Communities.NotFound", code];
                break;
        }

        return RedirectToPage(new { Region });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // A filter that is not a county is said next to its field, and lists nothing, rather than listing every community.
        (await communities.ListInAsync(Region, cancellationToken)).Switch(
            found => Communities = found,
            errors =>
            {
                ModelState.AddModelError(nameof(Region), errors["region"][0]);
                Communities = [];
            },
            failure => throw new InvalidOperationException(failure.Detail));

        if (!string.IsNullOrEmpty(Edit))
        {
            Editing = (await communities.FindAsync(Edit, cancellationToken)) is ServiceResult<CommunityView>.Ok found ? found.Value : null;
        }
    }
}

public sealed class CommunityForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public string? Region { get; set; }
}
