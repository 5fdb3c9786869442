using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Staff;

/// <summary>A role with its scope: the checkpoint of an officer, the communities of a worker.</summary>
public interface IStaffScope
{
    string? Role { get; }

    string? Checkpoint { get; }

    IReadOnlyList<string>? Communities { get; }
}

public sealed record CreateStaffUser(string? Email, string? Password, string? Role, string? Checkpoint, IReadOnlyList<string>? Communities) : IStaffScope;

/// <summary>A new role and scope for an existing account (<c>PUT /api/v1/users/{id}</c>).</summary>
public sealed record UpdateStaffUser(string? Role, string? Checkpoint, IReadOnlyList<string>? Communities) : IStaffScope;

/// <summary>A password an admin sets for a member of staff (<c>POST /api/v1/users/{id}/password</c>).</summary>
public sealed record ResetStaffPassword(string? Password);

/// <summary>
/// <see cref="Disabled"/>: an admin switched the account off. <see cref="LockedOut"/>: locked for a while after
/// repeated failed sign-ins (re-enabling also ends that).
/// </summary>
public sealed record StaffUserView(Guid Id, string Email, string Role, string? Checkpoint, IReadOnlyList<string> Communities, bool Disabled, bool LockedOut = false);

public sealed class StaffScopeValidator : AbstractValidator<IStaffScope>
{
    public StaffScopeValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(u => u.Role).NotEmpty().Must(r => Roles.All.Contains(r))
            .WithMessage(_ => t["Staff.RoleInvalid", string.Join(", ", Roles.All)]).WithName(_ => t["Staff.Role"]);
        RuleFor(u => u.Checkpoint).NotEmpty().When(u => u.Role == Roles.CheckpointOfficer)
            .WithMessage(_ => t["Staff.CheckpointRequired"]);
        RuleFor(u => u.Checkpoint).Empty().When(u => u.Role != Roles.CheckpointOfficer)
            .WithMessage(_ => t["Staff.CheckpointOnlyOfficers"]);
        RuleFor(u => u.Communities).NotEmpty().When(u => u.Role == Roles.CommunityWorker)
            .WithMessage(_ => t["Staff.CommunitiesRequired"]);
        RuleFor(u => u.Communities).Empty().When(u => u.Role != Roles.CommunityWorker)
            .WithMessage(_ => t["Staff.CommunitiesOnlyWorkers"]);
    }
}

public sealed class CreateStaffUserValidator : AbstractValidator<CreateStaffUser>
{
    public CreateStaffUserValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(u => u.Email).NotEmpty().MaximumLength(256).EmailAddress().WithName(_ => t["Staff.Email"]);
        RuleFor(u => u.Password).NotEmpty().WithName(_ => t["Staff.Password"]);
        Include(new StaffScopeValidator(t));
    }
}

public sealed class UpdateStaffUserValidator : AbstractValidator<UpdateStaffUser>
{
    public UpdateStaffUserValidator(IStringLocalizer<SharedResource> t) => Include(new StaffScopeValidator(t));
}

/// <summary>Only emptiness is checked here; the strength rules are Identity's (<c>IdentityOptions.Password</c>).</summary>
public sealed class ResetStaffPasswordValidator : AbstractValidator<ResetStaffPassword>
{
    public ResetStaffPasswordValidator(IStringLocalizer<SharedResource> t) => RuleFor(p => p.Password).NotEmpty().WithName(_ => t["Staff.Password"]);
}

/// <summary>
/// Staff accounts: there is no public sign-up; admins create staff with a role and its scope, change them, disable
/// and re-enable accounts and set new passwords.
/// </summary>
public sealed class StaffService(
    EntryControlDbContext db,
    UserManager<StaffUser> users,
    IValidator<CreateStaffUser> validator,
    IValidator<UpdateStaffUser> updateValidator,
    IValidator<ResetStaffPassword> passwordValidator,
    IStringLocalizer<SharedResource> t,
    SessionCheckCache sessionChecks,
    StaffSignIn signIn,
    TimeProvider clock)
{
    public Task<bool> ExistsAsync(string email, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.NormalizedEmail == users.NormalizeEmail(email), cancellationToken);

    public async Task<ServiceResult<StaffUserView>> CreateAsync(CreateStaffUser input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<StaffUserView>(validation);
        }

        if (await UnknownScopeAsync(input, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        if (await ExistsAsync(input.Email!, cancellationToken))
        {
            return new ServiceResult<StaffUserView>.Conflict(t["Staff.EmailExists", input.Email!]);
        }

        var user = new StaffUser
        {
            UserName = input.Email,
            Email = input.Email,
            EmailConfirmed = true,
            CheckpointCode = input.Role == Roles.CheckpointOfficer ? input.Checkpoint : null,
            CreatedAt = clock.GetUtcNow(),
        };
        user.Communities.AddRange(Distinct(input.Communities).Select(code => new StaffCommunity { CommunityCode = code }));

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            return new ServiceResult<StaffUserView>.Invalid(IdentityErrors(created));
        }

        await users.AddToRoleAsync(user, input.Role!);
        await transaction.CommitAsync(cancellationToken);
        return View(user, input.Role!);
    }

    /// <summary>Every account, ordered by email; only those of <paramref name="role"/> when it is given.</summary>
    /// <summary>The accounts of one role (<paramref name="role"/>), or all: an unknown role is refused rather than ignored.</summary>
    public async Task<ServiceResult<IReadOnlyList<StaffUserView>>> ListInRoleAsync(string? role, CancellationToken cancellationToken) =>
        !string.IsNullOrEmpty(role) && !Roles.All.Contains(role)
            ? ServiceResult.Invalid<IReadOnlyList<StaffUserView>>("role", t["Filters.Invalid", role])
            : new ServiceResult<IReadOnlyList<StaffUserView>>.Ok(await ListAsync(role, cancellationToken));

    private async Task<IReadOnlyList<StaffUserView>> ListAsync(string? role, CancellationToken cancellationToken)
    {
        var rows = await (
            from user in db.Users.AsNoTracking().Include(u => u.Communities)
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join r in db.Roles on userRole.RoleId equals r.Id into roles
            from r in roles.DefaultIfEmpty()
            where string.IsNullOrEmpty(role) || r.Name == role
            orderby user.Email
            select new { user, Role = r == null ? null : r.Name })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => View(r.user, r.Role ?? string.Empty));
    }

    public async Task<ServiceResult<StaffUserView>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Users.AsNoTracking().Include(u => u.Communities).FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        return View(user, await RoleOfAsync(user));
    }

    /// <summary>
    /// Changes an account's role and scope. A new role signs the account out everywhere (the security stamp changes,
    /// so cookies, access and refresh tokens carrying the old role are refused from the next request on). Admins cannot change their own role, so
    /// there is always an admin left.
    /// </summary>
    public async Task<ServiceResult<StaffUserView>> UpdateAsync(Guid id, UpdateStaffUser input, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var validation = await updateValidator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<StaffUserView>(validation);
        }

        if (await UnknownScopeAsync(input, cancellationToken) is { } unknown)
        {
            return unknown;
        }

        if (await db.Users.Include(u => u.Communities).FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        var current = await RoleOfAsync(user);
        if (current != input.Role && IsSelf(admin, user))
        {
            return ServiceResult.Invalid<StaffUserView>("role", t["Staff.OwnRoleChange"]);
        }

        var communities = Distinct(input.Communities);
        var dropped = user.Communities.Where(c => !communities.Contains(c.CommunityCode)).ToList();
        db.StaffCommunities.RemoveRange(dropped);
        user.Communities.RemoveAll(dropped.Contains);
        user.Communities.AddRange(communities.Where(code => !user.Communities.Exists(c => c.CommunityCode == code))
            .Select(code => new StaffCommunity { UserId = user.Id, CommunityCode = code }));
        user.CheckpointCode = input.Role == Roles.CheckpointOfficer ? input.Checkpoint : null;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (current != input.Role)
        {
            if (current.Length > 0 && await users.RemoveFromRoleAsync(user, current) is { Succeeded: false } removed)
            {
                return Failed(removed);
            }

            if (await users.AddToRoleAsync(user, input.Role!) is { Succeeded: false } added)
            {
                return Failed(added);
            }

            if (await users.UpdateSecurityStampAsync(user) is { Succeeded: false } stamped)
            {
                return Failed(stamped);
            }
        }
        else if (await users.UpdateAsync(user) is { Succeeded: false } updated)
        {
            return Failed(updated);
        }

        await transaction.CommitAsync(cancellationToken);
        await sessionChecks.ForgetAsync(user.Id, cancellationToken);
        return View(user, input.Role!);
    }

    /// <summary>
    /// Switches an account off: locked out for good (no sign-in by cookie or API), and a new security stamp, so its
    /// cookies, access and refresh tokens are refused from the next request on. Admins cannot disable themselves.
    /// </summary>
    public async Task<ServiceResult<StaffUserView>> DisableAsync(Guid id, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (await db.Users.Include(u => u.Communities).FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        if (IsSelf(admin, user))
        {
            return new ServiceResult<StaffUserView>.Conflict(t["Staff.OwnDisable"]);
        }

        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        var stamped = await users.UpdateSecurityStampAsync(user);
        await sessionChecks.ForgetAsync(user.Id, cancellationToken);
        if (!stamped.Succeeded)
        {
            return Failed(stamped);
        }

        return View(user, await RoleOfAsync(user));
    }

    /// <summary>Re-enables a disabled account, and forgets its failed sign-ins (addresses refused for it may try again).</summary>
    public async Task<ServiceResult<StaffUserView>> EnableAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Users.Include(u => u.Communities).FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } user)
        {
            return NotFound();
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        if (await users.UpdateAsync(user) is { Succeeded: false } result)
        {
            return Failed(result);
        }

        await signIn.ClearFailuresAsync(user.Email!, cancellationToken);
        await sessionChecks.ForgetAsync(user.Id, cancellationToken);

        return View(user, await RoleOfAsync(user));
    }

    /// <summary>Sets a new password (Identity's password rules apply); the new security stamp ends every session of the account at once.</summary>
    public async Task<ServiceResult<Guid>> ResetPasswordAsync(Guid id, ResetStaffPassword input, CancellationToken cancellationToken)
    {
        var validation = await passwordValidator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<Guid>(validation);
        }

        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return new ServiceResult<Guid>.NotFound(t["Staff.NotFound"]);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, input.Password!);
        await sessionChecks.ForgetAsync(user.Id, cancellationToken);
        return reset.Succeeded ? id : new ServiceResult<Guid>.Invalid(IdentityErrors(reset));
    }

    private async Task<ServiceResult<StaffUserView>?> UnknownScopeAsync(IStaffScope input, CancellationToken cancellationToken)
    {
        if (input.Checkpoint is { Length: > 0 } checkpoint && !await db.Checkpoints.AnyAsync(c => c.Code == checkpoint, cancellationToken))
        {
            return ServiceResult.Invalid<StaffUserView>("checkpoint", t["Checkpoints.NotFound", checkpoint]);
        }

        var communities = Distinct(input.Communities);
        var known = await db.Communities.Where(c => communities.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
        return communities.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown
            ? ServiceResult.Invalid<StaffUserView>("communities", t["Staff.UnknownCommunities", string.Join(", ", unknown)])
            : null;
    }

    private async Task<string> RoleOfAsync(StaffUser user) => (await users.GetRolesAsync(user)).FirstOrDefault() ?? string.Empty;

    private bool IsSelf(ClaimsPrincipal admin, StaffUser user) => users.GetUserId(admin) == user.Id.ToString();

    private static List<string> Distinct(IReadOnlyList<string>? communities) => (communities ?? []).Distinct(StringComparer.Ordinal).ToList();

    private ServiceResult<StaffUserView>.NotFound NotFound() => new(t["Staff.NotFound"]);

    private ServiceResult<StaffUserView> Failed(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? new ServiceResult<StaffUserView>.Conflict(t["Staff.Concurrency"])
            : new ServiceResult<StaffUserView>.Invalid(IdentityErrors(result));

    private StaffUserView View(StaffUser user, string role)
    {
        var now = clock.GetUtcNow();
        var disabled = user.LockoutEnd is { } end && end >= now.AddYears(50);
        return new(
            user.Id,
            user.Email!,
            role,
            user.CheckpointCode,
            [.. user.Communities.Select(c => c.CommunityCode).Order(StringComparer.Ordinal)],
            disabled,
            !disabled && user.LockoutEnd is { } until && until > now);
    }

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "user")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
