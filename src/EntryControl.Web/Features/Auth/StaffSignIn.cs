using System.Threading.RateLimiting;
using EntryControl.Web.Data;
using EntryControl.Web.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Auth;

/// <summary>What a sign-in attempt came to.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record Succeeded(StaffUser User) : SignInOutcome;

    /// <summary>Unknown email, wrong password or disabled account: one answer for all, so no one learns which emails exist.</summary>
    public sealed record Failed : SignInOutcome;

    /// <summary>Too many attempts from this address, or failures for this email: try again after <see cref="RetryAfter"/>.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SignInOutcome;
}

/// <summary>
/// Staff sign-in by email and password, shared by <c>POST /api/v1/auth/login</c> and the login page:
/// <list type="bullet">
/// <item>attempts per client address per minute are limited (<c>Auth:SignInPermitPerMinute</c>, this instance);</item>
/// <item>failures are counted per (email, address) in PostgreSQL (every instance sees them): after
/// <c>Auth:MaxFailedAccessAttempts</c> in <c>Auth:LockoutMinutes</c> that address is refused for that email; after
/// <c>Auth:AccountMaxFailedAttempts</c> from all addresses only addresses the account recently signed in from may try.
/// Nothing locks the account itself, so a stranger cannot lock a member of staff out;</item>
/// <item>an unknown email costs what a wrong password costs: the password is checked against a dummy hash with the same
/// hasher, and the failure is recorded the same way (counted for unknown emails too, so limits reveal nothing);</item>
/// <item>a success opens a session (<see cref="StaffSessions"/>) whose id goes into the cookie or the tokens.</item>
/// </list>
/// </summary>
public sealed class StaffSignIn(
    EntryControlDbContext db,
    SignInManager<StaffUser> signIn,
    StaffSessions sessions,
    SignInAddressLimiter addressLimiter,
    IOptions<AuthOptions> options,
    TimeProvider clock,
    PortalMetrics metrics)
{
    private static readonly StaffUser Nobody = new() { Id = Guid.Empty, UserName = "nobody" };

    /// <summary>The address used when the connection has none (the test host).</summary>
    public const string UnknownAddress = "unknown";

    /// <summary>The longest email an account has (Identity's column, and <c>sign_in_failures.normalized_email</c>).</summary>
    public const int MaxEmailLength = 256;

    /// <summary>Checks the password and, when it is right, signs in with <paramref name="scheme"/> (the cookie or the bearer token).</summary>
    public async Task<SignInOutcome> SignInAsync(string email, string password, string? address, string scheme, CancellationToken cancellationToken)
    {
        address = string.IsNullOrEmpty(address) ? UnknownAddress : address;
        using var lease = addressLimiter.Limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            metrics.RateLimitRejected(PortalMetrics.RateLimitPolicies.SignIn);
            return new SignInOutcome.Throttled(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
        }

        email = email.Trim();
        var users = signIn.UserManager;
        // An email longer than any account's (Identity keeps 256) is counted under its first 256 characters, so the
        // failure is recorded (and limited) like any other instead of overflowing the column.
        var normalized = users.NormalizeEmail(email);
        normalized = normalized.Length > MaxEmailLength ? normalized[..MaxEmailLength] : normalized;
        var user = await users.FindByEmailAsync(email);
        if (await RefusedAsync(normalized, address, user, cancellationToken) is { } refused)
        {
            metrics.RateLimitRejected(PortalMetrics.RateLimitPolicies.SignInFailures);
            return refused;
        }

        // Both paths run the hasher once: an unknown email answers as slowly as a wrong password.
        bool passwordOk;
        if (user is null)
        {
            _ = users.PasswordHasher.VerifyHashedPassword(Nobody, DummyHash(users), password);
            passwordOk = false;
        }
        else
        {
            passwordOk = await users.CheckPasswordAsync(user, password);
        }

        if (!passwordOk)
        {
            await RecordFailureAsync(normalized, address, cancellationToken);
            return new SignInOutcome.Failed();
        }

        if (!await signIn.CanSignInAsync(user!) || await users.IsLockedOutAsync(user!))
        {
            return new SignInOutcome.Failed();
        }

        await db.SignInFailures.Where(f => f.NormalizedEmail == normalized && f.Address == address).ExecuteDeleteAsync(cancellationToken);
        var claims = await sessions.OpenAsync(user!.Id, address, scheme == IdentityConstants.BearerScheme, cancellationToken);
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
        return new SignInOutcome.Succeeded(user);
    }

    /// <summary>Forgets the failed sign-ins for an email (an admin re-enabling the account ends the address blocks too).</summary>
    public Task ClearFailuresAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = signIn.UserManager.NormalizeEmail(email);
        return db.SignInFailures.Where(f => f.NormalizedEmail == normalized).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<SignInOutcome.Throttled?> RefusedAsync(string normalized, string address, StaffUser? user, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var window = TimeSpan.FromMinutes(limits.LockoutMinutes);
        var now = clock.GetUtcNow();
        var since = now - window;
        // Bounded: once the limits are reached no more failures are recorded, except from trusted addresses.
        var failures = await db.SignInFailures.AsNoTracking()
            .Where(f => f.NormalizedEmail == normalized && f.At > since)
            .Select(f => new { f.Address, f.At })
            .ToListAsync(cancellationToken);
        var fromHere = failures.Where(f => f.Address == address).Select(f => f.At).Order().ToList();
        if (fromHere.Count >= limits.MaxFailedAccessAttempts)
        {
            return new SignInOutcome.Throttled(RetryAfter(fromHere[^limits.MaxFailedAccessAttempts], window, now));
        }

        if (failures.Count >= limits.AccountMaxFailedAttempts
            && (user is null || !await sessions.IsTrustedAddressAsync(user.Id, address, cancellationToken)))
        {
            var all = failures.Select(f => f.At).Order().ToList();
            return new SignInOutcome.Throttled(RetryAfter(all[^limits.AccountMaxFailedAttempts], window, now));
        }

        return null;
    }

    /// <summary>When the oldest of the failures that reach the limit leaves the window.</summary>
    private static TimeSpan RetryAfter(DateTimeOffset oldestCounted, TimeSpan window, DateTimeOffset now) =>
        oldestCounted + window - now is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);

    private async Task RecordFailureAsync(string normalized, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = now - TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        await db.SignInFailures.Where(f => f.NormalizedEmail == normalized && f.At <= expired).ExecuteDeleteAsync(cancellationToken);
        db.SignInFailures.Add(new SignInFailure { NormalizedEmail = normalized, Address = address, At = now });
        await db.SaveChangesAsync(cancellationToken);
    }

    private string DummyHash(UserManager<StaffUser> users) =>
        addressLimiter.DummyHash ??= users.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
}

/// <summary>
/// The per-address limit of sign-in attempts (a fixed window per client address) and, made once per host with the
/// configured hasher, the dummy hash unknown emails are checked against.
/// </summary>
public sealed class SignInAddressLimiter(IOptions<AuthOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.SignInPermitPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    internal string? DummyHash { get; set; }

    public void Dispose() => Limiter.Dispose();
}
