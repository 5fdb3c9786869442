using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.FollowUps;

/// <summary>打印: the day's list on paper for door-to-door rounds, with a column to sign; printing counts as an export.</summary>
public sealed class PrintModel(FollowUpService followUps, TimeProvider clock) : PageModel
{
    public FollowUpSheet? Sheet { get; private set; }

    public string? Problem { get; private set; }

    public DateTimeOffset PrintedAt => clock.GetUtcNow().ToOffset(Rules.ChinaTime.Offset);

    public async Task OnGetAsync(string? on, string? community, CancellationToken cancellationToken)
    {
        var sheet = await followUps.SheetAsync(User, on, community, AuditAction.Export, cancellationToken);
        Sheet = sheet is ServiceResult<FollowUpSheet>.Ok ok ? ok.Value : null;
        Problem = sheet switch
        {
            ServiceResult<FollowUpSheet>.Forbidden forbidden => forbidden.Detail,
            ServiceResult<FollowUpSheet>.Invalid invalid => invalid.Errors.Values.First()[0],
            _ => null,
        };
    }
}
