using EntryControl.Web.Features.Audit;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EntryControl.Web.Pages.Admin;

/// <summary>审计日志: who viewed or exported whose personal data, when; searched by user, subject and days.</summary>
public sealed class AuditModel(AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserEmail { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public AuditPage? Entries { get; private set; }

    public static readonly IReadOnlyList<string> Subjects = ["declaration", "followUps", "alerts", "traceList", "traceItems", "traceItem"];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await audit.SearchAsync(new AuditQuery(UserEmail, Subject, IsoDates.ParseDateOrNull(From), IsoDates.ParseDateOrNull(To), PageNumber), cancellationToken);
}
