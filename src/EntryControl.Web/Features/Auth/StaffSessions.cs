using System.Collections.Concurrent;
using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Auth;

/// <summary>
/// The sessions of <c>staff_sessions</c>: opened at sign-in, revoked at sign-out, and for API clients the refresh
/// token family (only the newest refresh token of a session may be used; an older one coming back revokes the session).
/// </summary>
public sealed class StaffSessions(EntryControlDbContext db, SessionCheckCache cache, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>The session id, in the cookie and in both tokens.</summary>
    public const string SessionClaim = "entrycontrol:session";

    /// <summary>The refresh token's id (in the tokens of a bearer session).</summary>
    public const string RefreshClaim = "entrycontrol:refresh";

    public static Guid? SessionId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionClaim), out var id) ? id : null;

    /// <summary>Opens a session and returns the claims to sign in with (a refresh token id for a bearer session).</summary>
    public async Task<IReadOnlyList<Claim>> OpenAsync(Guid userId, string address, bool bearer, CancellationToken cancellationToken)
    {
        var session = new StaffSession
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Address = address,
            CreatedAt = clock.GetUtcNow(),
            RefreshTokenId = bearer ? Guid.NewGuid() : null,
        };
        db.StaffSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return Claims(session.Id, session.RefreshTokenId);
    }

    public static IReadOnlyList<Claim> Claims(Guid session, Guid? refresh) =>
        refresh is { } token
            ? [new Claim(SessionClaim, session.ToString()), new Claim(RefreshClaim, token.ToString())]
            : [new Claim(SessionClaim, session.ToString())];

    /// <summary>Ends the principal's session (sign-out): its cookie, access token and refresh token are refused from now on.</summary>
    public async Task RevokeAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.StaffId() is { } userId && SessionId(principal) is { } session)
        {
            await RevokeAsync(userId, session, cancellationToken);
        }
    }

    /// <summary>
    /// Takes the refresh token of <paramref name="ticket"/> in exchange for a new one: the new token's id when it was
    /// the session's newest, null otherwise. A token that is not the newest (it was used already, or stolen and used
    /// by someone else first) revokes the session: both holders must sign in again.
    /// </summary>
    public async Task<Guid?> RotateAsync(ClaimsPrincipal ticket, CancellationToken cancellationToken)
    {
        if (ticket.StaffId() is not { } userId || SessionId(ticket) is not { } session
            || !Guid.TryParse(ticket.FindFirstValue(RefreshClaim), out var presented))
        {
            return null;
        }

        var next = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var rotated = await db.StaffSessions
            .Where(s => s.Id == session && s.UserId == userId && s.RevokedAt == null && s.RefreshTokenId == presented)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RefreshTokenId, next).SetProperty(s => s.RefreshedAt, now), cancellationToken);
        if (rotated == 1)
        {
            return next;
        }

        await RevokeAsync(userId, session, cancellationToken);
        return null;
    }

    /// <summary>Whether the account signed in from <paramref name="address"/> within <c>Auth:TrustedAddressDays</c>.</summary>
    public Task<bool> IsTrustedAddressAsync(Guid userId, string address, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-options.Value.TrustedAddressDays);
        return db.StaffSessions.AnyAsync(s => s.UserId == userId && s.Address == address && s.CreatedAt >= since, cancellationToken);
    }

    private async Task RevokeAsync(Guid userId, Guid session, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.StaffSessions.Where(s => s.Id == session && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), cancellationToken);
        await cache.ForgetAsync(userId, cancellationToken);
    }
}

/// <summary>
/// The per-request session checks of this instance, each kept for at most <c>Auth:SessionCheckSeconds</c>. A change to
/// an account (<see cref="ForgetAsync"/>) makes its cached checks unreachable at once, here and, announced through
/// <see cref="CacheInvalidation"/>, on every other instance: the key carries the account's generation, so a check that
/// raced with the change is stored under the old one and never read.
/// </summary>
public sealed class SessionCheckCache
{
    public const string Topic = "staff-session";

    private readonly ConcurrentDictionary<Guid, long> _generations = new();
    private readonly IMemoryCache memory;
    private readonly CacheInvalidation instances;
    private long _epoch;

    public SessionCheckCache(IMemoryCache memory, CacheInvalidation instances)
    {
        this.memory = memory;
        this.instances = instances;
        instances.Subscribe(Topic, user =>
        {
            if (Guid.TryParse(user, out var userId))
            {
                Forget(userId);
            }
        }, () => Interlocked.Increment(ref _epoch));
    }

    internal IMemoryCache Memory => memory;

    /// <summary>The account's generation; all of them change when announcements from other instances may have been missed.</summary>
    internal (long Epoch, long Generation) GenerationOf(Guid userId) => (Interlocked.Read(ref _epoch), _generations.GetValueOrDefault(userId));

    /// <summary>Call after any committed change to the account's security stamp, role, lockout or sessions.</summary>
    public Task ForgetAsync(Guid userId, CancellationToken cancellationToken)
    {
        Forget(userId);
        return instances.AnnounceAsync(Topic, userId.ToString(), cancellationToken);
    }

    private void Forget(Guid userId) => _generations.AddOrUpdate(userId, 1, (_, generation) => generation + 1);
}

/// <summary>
/// Checks a principal, cookie or bearer token alike: the account still has the security stamp the principal was issued
/// with (a new role, a disabled account or a new password change it), is not disabled, and the session is not revoked.
/// Principals without a session id (issued before sessions existed) fail too. Called by <see cref="StaffAuthenticationHandler"/>
/// on every authenticated request.
/// </summary>
public sealed class SessionCheck(
    EntryControlDbContext db,
    SessionCheckCache cache,
    IOptions<AuthOptions> options,
    IOptions<IdentityOptions> identity,
    TimeProvider clock)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.StaffId() is not { } userId || StaffSessions.SessionId(principal) is not { } session
            || principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) is not { } stamp)
        {
            return false;
        }

        var key = new Key(userId, session, stamp, cache.GenerationOf(userId));
        var seconds = options.Value.SessionCheckSeconds;
        if (seconds > 0 && cache.Memory.TryGetValue(key, out bool known))
        {
            return known;
        }

        var now = clock.GetUtcNow();
        var current = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.SecurityStamp == stamp && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .AnyAsync(u => db.StaffSessions.Any(s => s.Id == session && s.UserId == u.Id && s.RevokedAt == null), cancellationToken);
        if (seconds > 0)
        {
            cache.Memory.Set(key, current, TimeSpan.FromSeconds(seconds));
        }

        return current;
    }

    private sealed record Key(Guid UserId, Guid Session, string Stamp, (long Epoch, long Generation) Generation);
}
