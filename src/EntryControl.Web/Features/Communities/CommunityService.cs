using EntryControl.Web.Data;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Communities;

public sealed record CommunityInput(string? Code, string? Name, string? Region);

public sealed record CommunityView(string Code, string Name, string Region, string RegionName)
{
    public static CommunityView From(Community community, RegionCatalog regions) =>
        new(community.Code, community.Name, community.Region, regions.FullName(community.Region));
}

public sealed class CommunityInputValidator : AbstractValidator<CommunityInput>
{
    public CommunityInputValidator(RegionCatalog regions, IStringLocalizer<SharedResource> t)
    {
        RuleFor(c => c.Code).NotEmpty().MaximumLength(32).Matches("^[A-Za-z0-9-]+$")
            .WithMessage(_ => t["Validation.Code"]).WithName(_ => t["Communities.Code"]);
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100).VisibleName(_ => t["Validation.NameCharacters"]).WithName(_ => t["Communities.Name"]);
        RuleFor(c => c.Region).NotEmpty().Must(regions.IsCounty)
            .WithMessage(_ => t["Validation.County"]).WithName(_ => t["Communities.County"]);
    }
}

/// <summary>Communities (社区) that receive travelers; admins write, everyone reads.</summary>
public sealed class CommunityService(EntryControlDbContext db, RegionCatalog regions, IValidator<CommunityInput> validator, IStringLocalizer<SharedResource> t)
{
    /// <summary>
    /// The communities of one county (<paramref name="region"/>), or all: a filter that is not a county is refused rather
    /// than ignored (the admin page and <c>GET /api/v1/communities?region=</c>).
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<CommunityView>>> ListInAsync(string? region, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(region) && !regions.IsCounty(region.Trim())
            ? ServiceResult.Invalid<IReadOnlyList<CommunityView>>("region", t["RiskAreas.RegionFilterInvalid"])
            : new ServiceResult<IReadOnlyList<CommunityView>>.Ok(await ListAsync(region?.Trim(), cancellationToken));

    public async Task<IReadOnlyList<CommunityView>> ListAsync(string? region, CancellationToken cancellationToken)
    {
        var query = db.Communities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(region))
        {
            query = query.Where(c => c.Region == region);
        }

        var communities = await query.OrderBy(c => c.Code).ToListAsync(cancellationToken);
        return communities.ConvertAll(c => CommunityView.From(c, regions));
    }

    public async Task<ServiceResult<CommunityView>> FindAsync(string code, CancellationToken cancellationToken) =>
        await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is { } community
            ? CommunityView.From(community, regions)
            : NotFound(code);

    public async Task<ServiceResult<CommunityView>> CreateAsync(CommunityInput input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<CommunityView>(validation);
        }

        if (await db.Communities.AnyAsync(c => c.Code == input.Code, cancellationToken))
        {
            return new ServiceResult<CommunityView>.Conflict(t["Communities.Exists", input.Code!]);
        }

        var community = new Community { Code = input.Code!, Name = input.Name!.Trim(), Region = input.Region! };
        db.Communities.Add(community);
        await db.SaveChangesAsync(cancellationToken);
        return CommunityView.From(community, regions);
    }

    public async Task<ServiceResult<CommunityView>> UpdateAsync(string code, CommunityInput input, CancellationToken cancellationToken)
    {
        input = input with { Code = input.Code ?? code };
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<CommunityView>(validation);
        }

        if (input.Code != code)
        {
            return ServiceResult.Invalid<CommunityView>("code", t["Validation.CodeImmutable"]);
        }

        if (await db.Communities.FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } community)
        {
            return NotFound(code);
        }

        community.Name = input.Name!.Trim();
        community.Region = input.Region!;
        await db.SaveChangesAsync(cancellationToken);
        return CommunityView.From(community, regions);
    }

    public async Task<ServiceResult<string>> DeleteAsync(string code, CancellationToken cancellationToken)
    {
        if (await db.Communities.FirstOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } community)
        {
            return new ServiceResult<string>.NotFound(t["Communities.NotFound", code]);
        }

        if (await db.StaffCommunities.AnyAsync(s => s.CommunityCode == code, cancellationToken))
        {
            return new ServiceResult<string>.Conflict(t["Communities.HasStaff", code]);
        }

        // Declarations, follow-ups and alerts keep their community: the foreign keys refuse the delete (those are
        // features above this one, which it does not query).
        db.Communities.Remove(community);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsStillReferencedBy(out _))
        {
            return new ServiceResult<string>.Conflict(t["Communities.HasDeclarations", code]);
        }

        return code;
    }

    private ServiceResult<CommunityView>.NotFound NotFound(string code) => new(t["Communities.NotFound", code]);
}
