using EntryControl.Rules;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Regions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Admin;

/// <summary>政策: every version of every notice the rules engine applies, with its effective dates.</summary>
public sealed class PoliciesModel(PolicyCatalog catalog, RegionCatalog regions, TimeProvider clock) : PageModel
{
    public IReadOnlyList<PolicyListItem> Policies { get; private set; } = [];

    public DateOnly Today { get; private set; }

    public string RegionName(string code) => regions.FullName(code) is { Length: > 0 } name ? name : code;

    public void OnGet()
    {
        Policies = catalog.List();
        Today = ChinaTime.LocalDate(clock.GetUtcNow());
    }
}
