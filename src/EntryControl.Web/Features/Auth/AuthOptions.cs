using System.ComponentModel.DataAnnotations;

namespace EntryControl.Web.Features.Auth;

/// <summary>The <c>Auth</c> settings: the lockout after failed sign-ins.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Failed sign-ins before the account is locked.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:MaxFailedAccessAttempts must be at least {1}.")]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    /// <summary>How long a lockout lasts.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Auth:LockoutMinutes must be at least {1}.")]
    public int LockoutMinutes { get; set; } = 15;
}
