namespace EntryControl.Web.Features.Auth;

/// <summary>
/// One sign-in (a browser's cookie or an API client's token family). Its id travels in the cookie and the tokens
/// (<see cref="StaffSessions.SessionClaim"/>), so signing out ends this session only, and a revoked session is refused
/// on the next request.
/// </summary>
public sealed class StaffSession
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>The client address it was opened from: addresses the account signed in from recently stay trusted.</summary>
    public required string Address { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The id of the one refresh token of the family that may still be used (bearer sessions only).</summary>
    public Guid? RefreshTokenId { get; set; }

    public DateTimeOffset? RefreshedAt { get; set; }

    /// <summary>Set on sign-out, or when an already used refresh token comes back (the whole family ends).</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One failed sign-in for an email (known or not) from a client address, kept for <c>Auth:LockoutMinutes</c>.</summary>
public sealed class SignInFailure
{
    public long Id { get; set; }

    public required string NormalizedEmail { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset At { get; set; }
}
