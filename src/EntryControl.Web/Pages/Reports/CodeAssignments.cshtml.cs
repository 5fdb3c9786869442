using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.CodeAssignments;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Reports;

/// <summary>赋码名单: the command center's look at the day's feed for the health-code platform, with its CSV.</summary>
public sealed class CodeAssignmentsModel(CodeAssignmentService codes, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? On { get; set; }

    public CodeAssignmentSheet? Sheet { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(On))
        {
            On = IsoDates.Format(Rules.ChinaTime.LocalDate(clock.GetUtcNow()));
        }

        (await codes.ListAsync(User, On, AuditAction.View, cancellationToken)).Switch(
            sheet => Sheet = sheet,
            errors => ModelState.AddModelError(nameof(On), t["CodeAssignments.On"]),
            failure => ModelState.AddModelError(nameof(On), failure.Detail));
    }
}
