using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Auth;

/// <summary>
/// The <c>Auth</c> settings: sign-in limits and how fresh the per-request session check is. Failed sign-ins are
/// counted per (email, client address) in PostgreSQL, so a stranger's failures block the stranger's address, never the
/// account itself.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Failed sign-ins for one email from one address, within <see cref="LockoutMinutes"/>, before that address is refused for that email.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:MaxFailedAccessAttempts must be at least {1}.")]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    /// <summary>The window failures are counted in (and so the longest an address is refused).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:LockoutMinutes must be at least {1}.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Failed sign-ins for one email from all addresses together, within <see cref="LockoutMinutes"/>, after which only
    /// addresses the account signed in from in the last <see cref="TrustedAddressDays"/> days may still try: a guessing
    /// attack spread over many addresses is capped, the member of staff at their usual desk is not locked out.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:AccountMaxFailedAttempts must be at least {1}.")]
    public int AccountMaxFailedAttempts { get; set; } = 50;

    /// <summary>How long a successful sign-in from an address keeps that address trusted for the account.</summary>
    [Range(1, 365, ErrorMessage = "Auth:TrustedAddressDays must be between {1} and {2}.")]
    public int TrustedAddressDays { get; set; } = 30;

    /// <summary>Sign-in attempts (API and page, any email) per client address per minute.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:SignInPermitPerMinute must be at least {1}.")]
    public int SignInPermitPerMinute { get; set; } = 20;

    /// <summary>
    /// How long one check of a session (security stamp, revocation, disabled) is reused for its requests. Changes made
    /// on this instance take effect at once; changes made on another instance after at most this long.
    /// </summary>
    [Range(0, 5, ErrorMessage = "Auth:SessionCheckSeconds must be between {1} and {2}.")]
    public int SessionCheckSeconds { get; set; } = 5;
}
