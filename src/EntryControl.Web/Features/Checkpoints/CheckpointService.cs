using EntryControl.Web.Data;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Checkpoints;

/// <summary>The kind is text so that an unknown value is reported against the field, not as an unreadable body.</summary>
public sealed record CheckpointInput(string? Code, string? Name, string? Kind, string? Region);

public sealed record CheckpointView(string Code, string Name, CheckpointKind Kind, string Region, string RegionName)
{
    public static CheckpointView From(Checkpoint checkpoint, RegionCatalog regions) =>
        new(checkpoint.Code, checkpoint.Name, checkpoint.Kind, checkpoint.Region, regions.FullName(checkpoint.Region));
}

public sealed class CheckpointInputValidator : AbstractValidator<CheckpointInput>
{
    public static readonly IReadOnlyList<string> Kinds = ["road", "rail", "air", "bus", "port"];

    public CheckpointInputValidator(RegionCatalog regions, IStringLocalizer<SharedResource> t)
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9-]+$")
            .WithMessage(_ => t["Validation.Code"]).WithName(_ => t["Checkpoints.Code"]);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).NoControlCharacters().WithName(_ => t["Checkpoints.Name"]);
        RuleFor(c => c.Kind).NotEmpty().Must(k => Kinds.Contains(k))
            .WithMessage(_ => t["Validation.CheckpointKind"]).WithName(_ => t["Checkpoints.Kind"]);
        RuleFor(c => c.Region).NotEmpty().Must(regions.IsCounty)
            .WithMessage(_ => t["Validation.County"]).WithName(_ => t["Communities.County"]);
    }

    public static CheckpointKind ParseKind(string kind) => Enum.Parse<CheckpointKind>(kind, ignoreCase: true);
}

/// <summary>Checkpoints (卡口); admins write, staff read.</summary>
public sealed class CheckpointService(EntryControlDbContext db, RegionCatalog regions, IValidator<CheckpointInput> validator, IStringLocalizer<SharedResource> t)
{
    public async Task<IReadOnlyList<CheckpointView>> ListAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await db.Checkpoints.AsNoTracking().OrderBy(c => c.Code).ToListAsync(cancellationToken);
        return checkpoints.ConvertAll(c => CheckpointView.From(c, regions));
    }

    public async Task<ServiceResult<CheckpointView>> FindAsync(string code, CancellationToken cancellationToken) =>
        await db.Checkpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is { } checkpoint
            ? CheckpointView.From(checkpoint, regions)
            : NotFound(code);

    public async Task<ServiceResult<CheckpointView>> CreateAsync(CheckpointInput input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<CheckpointView>(validation);
        }

        if (await db.Checkpoints.AnyAsync(c => c.Code == input.Code, cancellationToken))
        {
            return new ServiceResult<CheckpointView>.Conflict(t["Checkpoints.Exists", input.Code!]);
        }

        var checkpoint = new Checkpoint
        {
            Code = input.Code!,
            Name = input.Name!.Trim(),
            Kind = CheckpointInputValidator.ParseKind(input.Kind!),
            Region = input.Region!,
        };
        db.Checkpoints.Add(checkpoint);
        await db.SaveChangesAsync(cancellationToken);
        return CheckpointView.From(checkpoint, regions);
    }

    public async Task<ServiceResult<CheckpointView>> UpdateAsync(string code, CheckpointInput input, CancellationToken cancellationToken)
    {
        input = input with { Code = input.Code ?? code };
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<CheckpointView>(validation);
        }

        if (input.Code != code)
        {
            return ServiceResult.Invalid<CheckpointView>("code", t["Validation.CodeImmutable"]);
        }

        if (await db.Checkpoints.FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } checkpoint)
        {
            return NotFound(code);
        }

        checkpoint.Name = input.Name!.Trim();
        checkpoint.Kind = CheckpointInputValidator.ParseKind(input.Kind!);
        checkpoint.Region = input.Region!;
        await db.SaveChangesAsync(cancellationToken);
        return CheckpointView.From(checkpoint, regions);
    }

    public async Task<ServiceResult<string>> DeleteAsync(string code, CancellationToken cancellationToken)
    {
        if (await db.Checkpoints.FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } checkpoint)
        {
            return new ServiceResult<string>.NotFound(t["Checkpoints.NotFound", code]);
        }

        if (await db.Users.AnyAsync(u => u.CheckpointCode == code, cancellationToken))
        {
            return new ServiceResult<string>.Conflict(t["Checkpoints.HasOfficers", code]);
        }

        // Scans keep the checkpoint they were taken at: the foreign key refuses the delete (scans are a feature above
        // this one, which it does not query).
        db.Checkpoints.Remove(checkpoint);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsStillReferencedBy(out _))
        {
            return new ServiceResult<string>.Conflict(t["Checkpoints.HasScans", code]);
        }

        return code;
    }

    private ServiceResult<CheckpointView>.NotFound NotFound(string code) => new(t["Checkpoints.NotFound", code]);
}
