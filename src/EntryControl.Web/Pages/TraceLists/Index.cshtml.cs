using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.TraceLists;

/// <summary>协查名单 for the command center and admins: the lists imported, and the check items by status and county.</summary>
public sealed class IndexModel(TraceListService traceLists, CommunityService communities, RegionCatalog regions) : PageModel
{
    public const int ListsShown = 10;

    /// <summary>open, resolved, or empty for both.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public Paged<TraceItemView>? Items { get; private set; }

    public IReadOnlyList<TraceListView> Lists { get; private set; } = [];

    /// <summary>The counties the portal has communities in, for the filter.</summary>
    public IReadOnlyList<(string Code, string Name)> Counties { get; private set; } = [];

    public string? Problem { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>The item a refused recording belongs to, with what was posted and why it was refused.</summary>
    public Guid? FailedItem { get; private set; }

    public ResolveTraceItem? Posted { get; private set; }

    public IDictionary<string, string[]> RowErrors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public string? RowProblem { get; private set; }

    public string Action => Url.Page("/TraceLists/Index", "Resolve", new { Status, Region, PageNumber }) ?? "/trace-lists";

    public string? CountyName(string? code) => CheckItemCard.CountyName(regions, code);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostResolveAsync(Guid item, string? outcome, string? note, string? declarationCode, CancellationToken cancellationToken)
    {
        var request = new ResolveTraceItem(outcome, note, declarationCode);
        var resolved = await traceLists.ResolveAsync(User, item, request, cancellationToken);
        if (resolved is ServiceResult<TraceItemView>.Ok ok)
        {
            Message = ok.Value.Name;
            return RedirectToPage(new { Status, Region, PageNumber });
        }

        FailedItem = item;
        Posted = request;
        resolved.Switch(_ => { }, errors => RowErrors = errors, failure => RowProblem = failure.Detail);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Counties = [.. (await communities.ListAsync(null, cancellationToken))
            .Select(c => c.Region).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code => (code, CountyName(code) ?? code))];
        (await traceLists.ListItemsAsync(User, new TraceItemQuery(Status, Region, PageNumber), cancellationToken)).Switch(
            items => Items = items,
            errors => ModelState.AddServiceErrors(errors, new FormFields(string.Empty)
            {
                Renamed = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = nameof(Status), ["region"] = nameof(Region), ["page"] = nameof(PageNumber) },
            }),
            failure => Problem = failure.Detail);
        if ((await traceLists.ListsAsync(1, ListsShown, cancellationToken)) is ServiceResult<Paged<TraceListView>>.Ok lists)
        {
            Lists = lists.Value.Items;
        }
    }
}
