using EntryControl.Web.Data;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Features.Staff;

public sealed record CreateStaffUser(string? Email, string? Password, string? Role, string? Checkpoint, IReadOnlyList<string>? Communities);

public sealed record StaffUserView(Guid Id, string Email, string Role, string? Checkpoint, IReadOnlyList<string> Communities, bool Disabled);

public sealed class CreateStaffUserValidator : AbstractValidator<CreateStaffUser>
{
    public CreateStaffUserValidator()
    {
        RuleFor(u => u.Email).NotEmpty().MaximumLength(256).EmailAddress();
        RuleFor(u => u.Password).NotEmpty();
        RuleFor(u => u.Role).NotEmpty().Must(r => Roles.All.Contains(r))
            .WithMessage($"'Role' must be one of: {string.Join(", ", Roles.All)}.");
        RuleFor(u => u.Checkpoint).NotEmpty().When(u => u.Role == Roles.CheckpointOfficer)
            .WithMessage("A checkpoint officer must be bound to a checkpoint.");
        RuleFor(u => u.Checkpoint).Empty().When(u => u.Role != Roles.CheckpointOfficer)
            .WithMessage("Only a checkpoint officer is bound to a checkpoint.");
        RuleFor(u => u.Communities).NotEmpty().When(u => u.Role == Roles.CommunityWorker)
            .WithMessage("A community worker must cover at least one community.");
        RuleFor(u => u.Communities).Empty().When(u => u.Role != Roles.CommunityWorker)
            .WithMessage("Only a community worker covers communities.");
    }
}

/// <summary>Staff accounts: there is no public sign-up; admins create staff with a role and its scope.</summary>
public sealed class StaffService(
    EntryControlDbContext db,
    UserManager<StaffUser> users,
    IValidator<CreateStaffUser> validator,
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

        if (input.Checkpoint is { Length: > 0 } checkpoint && !await db.Checkpoints.AnyAsync(c => c.Code == checkpoint, cancellationToken))
        {
            return ServiceResult.Invalid<StaffUserView>("checkpoint", $"There is no checkpoint with code '{checkpoint}'.");
        }

        var communities = (input.Communities ?? []).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.Communities.Where(c => communities.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken);
        if (communities.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            return ServiceResult.Invalid<StaffUserView>("communities", $"Unknown communities: {string.Join(", ", unknown)}.");
        }

        if (await ExistsAsync(input.Email!, cancellationToken))
        {
            return new ServiceResult<StaffUserView>.Conflict($"A staff account with email '{input.Email}' already exists.");
        }

        var user = new StaffUser
        {
            UserName = input.Email,
            Email = input.Email,
            EmailConfirmed = true,
            CheckpointCode = input.Role == Roles.CheckpointOfficer ? input.Checkpoint : null,
            CreatedAt = clock.GetUtcNow(),
        };
        user.Communities.AddRange(communities.Select(code => new StaffCommunity { CommunityCode = code }));

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

    public async Task<IReadOnlyList<StaffUserView>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await (
            from user in db.Users.AsNoTracking().Include(u => u.Communities)
            join userRole in db.UserRoles on user.Id equals userRole.UserId into userRoles
            from userRole in userRoles.DefaultIfEmpty()
            join role in db.Roles on userRole.RoleId equals role.Id into roles
            from role in roles.DefaultIfEmpty()
            orderby user.Email
            select new { user, Role = role == null ? null : role.Name })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(r => View(r.user, r.Role ?? string.Empty));
    }

    private StaffUserView View(StaffUser user, string role) => new(
        user.Id,
        user.Email!,
        role,
        user.CheckpointCode,
        [.. user.Communities.Select(c => c.CommunityCode).Order(StringComparer.Ordinal)],
        user.LockoutEnd is { } end && end >= clock.GetUtcNow().AddYears(50));

    private static Dictionary<string, string[]> IdentityErrors(IdentityResult result) =>
        result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "user")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
}
