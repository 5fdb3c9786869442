using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace EntryControl.Web.Pages.Declarations;

/// <summary>
/// 解除告知书: the traveler's printable release notice (<c>/d/{code}/release</c>), and what its QR code opens
/// (<c>/release/{verification}</c>): the same notice, confirmed genuine by the portal, without the declaration's code.
/// </summary>
// The code is the credential: guessing codes one request after another is slowed down per client address.
[EnableRateLimiting(EvaluationEndpoints.PublicRateLimit)]
public sealed class ReleaseModel(ReleaseService releases) : PageModel
{
    public ReleaseNotice? Notice { get; private set; }

    /// <summary>Opened from the notice's QR code.</summary>
    public bool Verifying { get; private set; }

    public string? Code { get; private set; }

    public string VerifyUrl(ReleaseNotice notice) => $"{Request.Scheme}://{Request.Host}{Request.PathBase}/release/{notice.VerificationCode}";

    public async Task<IActionResult> OnGetAsync(string? code, string? verification, CancellationToken cancellationToken)
    {
        Verifying = verification is not null;
        Code = code;
        var found = Verifying
            ? await releases.VerifyAsync(verification!, cancellationToken)
            : await releases.NoticeAsync(code ?? string.Empty, cancellationToken);
        if (found is ServiceResult<ReleaseNotice>.Ok ok)
        {
            Notice = ok.Value;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Page();
    }
}
