using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.RiskAreas;

/// <summary>Dates and the level are text so that each bad value is reported against its field.</summary>
public sealed record RiskAreaInput(string? Region, string? Area, string? Level, string? From, string? To);

public sealed record RiskAreaView(Guid Id, string Region, string RegionName, string? Area, RiskLevel Level, DateOnly From, DateOnly? To)
{
    /// <summary>After a write: the registry change it made (its re-decisions: <c>GET /api/v1/registry-changes/{id}</c>).</summary>
    public Guid? RegistryChange { get; init; }

    public static RiskAreaView Of(RiskArea area, RegionCatalog regions) =>
        new(area.Id, area.Region, regions.FullName(area.Region), area.Area, area.Level, area.From, area.To);
}

public sealed record ImportError(int Line, string Field, string Message);

public sealed record ImportResult(int Imported, Guid RegistryChange);

public sealed class RiskAreaInputValidator : AbstractValidator<RiskAreaInput>
{
    public RiskAreaInputValidator(RegionCatalog regions, IStringLocalizer<SharedResource> t)
    {
        RuleFor(r => r.Region).Must(regions.IsCounty).WithMessage(_ => t["RiskAreas.RegionInvalid"]);
        RuleFor(r => r.Area).MaximumLength(100).VisibleName(_ => t["Validation.NameCharacters"]);
        RuleFor(r => r.Level).Must(ApiNames.IsDefined<RiskLevel>).WithMessage(_ => t["RiskAreas.LevelInvalid"]);
        RuleFor(r => r.From).Must(f => IsoDates.TryParseDate(f, out _)).WithMessage(_ => t["RiskAreas.FromInvalid"]);
        RuleFor(r => r.To).Must(to => IsoDates.TryParseDate(to, out _))
            .When(r => !string.IsNullOrWhiteSpace(r.To))
            .WithMessage(_ => t["RiskAreas.ToInvalid"]);
        RuleFor(r => r.From).Must(f => IsoDates.ParseDateOrNull(f) >= InputLimits.EarliestDate)
            .When(r => IsoDates.TryParseDate(r.From, out _))
            .WithMessage(_ => t["Validation.DateTooEarly", IsoDates.Format(InputLimits.EarliestDate)]);
        RuleFor(r => r.To).Must((r, to) => IsoDates.ParseDateOrNull(to) >= IsoDates.ParseDateOrNull(r.From))
            .When(r => IsoDates.TryParseDate(r.From, out _) && IsoDates.TryParseDate(r.To, out _))
            .WithMessage(_ => t["RiskAreas.ToBeforeFrom"]);
    }
}

/// <summary>The risk-area registry (风险区域): admins write, anyone reads; evaluations see writes at once.</summary>
public sealed class RiskAreaService(
    EntryControlDbContext db,
    RegionCatalog regions,
    IValidator<RiskAreaInput> validator,
    DesignationRegistry registry,
    IEnumerable<IRegistryChangeListener> listeners,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    /// <summary>The public list's default page (the lookup's area picker asks for <see cref="Paging.MaxPageSize"/>).</summary>
    public const int DefaultPageSize = 100;

    /// <summary>
    /// <c>GET /api/v1/risk-areas</c>: a page of the designations, filtered by a known region code (a county, or a
    /// prefecture or province for everything below it) and a day in force; a filter that is neither is refused.
    /// </summary>
    public async Task<ServiceResult<Paged<RiskAreaView>>> ListPageAsync(string? region, string? activeOn, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(region) && regions.Find(region.Trim()) is null)
        {
            errors["region"] = [t["RiskAreas.RegionFilterInvalid"]];
        }

        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(activeOn))
        {
            if (IsoDates.TryParseDate(activeOn, out var parsed))
            {
                day = parsed;
            }
            else
            {
                errors["activeOn"] = [t["RiskAreas.ActiveOnInvalid"]];
            }
        }

        var (number, size) = Paging.Read(page, pageSize, DefaultPageSize, errors, t);
        if (errors.Count > 0)
        {
            return new ServiceResult<Paged<RiskAreaView>>.Invalid(errors);
        }

        var query = Filter(region, day);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(r => r.Region).ThenBy(r => r.Area).ThenBy(r => r.From).ThenBy(r => r.Id)
            .Skip((int)Math.Min(int.MaxValue, ((long)number - 1) * size)).Take(size).ToListAsync(cancellationToken);
        return new Paged<RiskAreaView>(rows.ConvertAll(r => RiskAreaView.Of(r, regions)), number, size, total);
    }

    public async Task<IReadOnlyList<RiskAreaView>> ListAsync(string? region, DateOnly? activeOn, CancellationToken cancellationToken)
    {
        var rows = await Filter(region, activeOn).OrderBy(r => r.Region).ThenBy(r => r.Area).ThenBy(r => r.From).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => RiskAreaView.Of(r, regions));
    }

    private IQueryable<RiskArea> Filter(string? region, DateOnly? activeOn)
    {
        var query = db.RiskAreas.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(region))
        {
            var code = region.Trim();
            // A province or prefecture code lists everything below it; anything else must match a county exactly.
            var level = regions.IsCounty(code) ? null : regions.Find(code)?.Level;
            query = level switch
            {
                Regions.RegionLevel.Province => query.Where(r => r.Region.StartsWith(code.Substring(0, 2))),
                Regions.RegionLevel.Prefecture => query.Where(r => r.Region.StartsWith(code.Substring(0, 4))),
                _ => query.Where(r => r.Region == code),
            };
        }

        if (activeOn is { } day)
        {
            query = query.Where(r => r.From <= day && (r.To == null || r.To >= day));
        }

        return query;
    }

    /// <summary>For each stay's county, the names of its designated sub-county areas (the checkboxes of the trip form).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<string>>> AreaNamesAsync(IEnumerable<string?> counties, CancellationToken cancellationToken)
    {
        var names = new List<IReadOnlyList<string>>();
        foreach (var county in counties.Select(c => c?.Trim()))
        {
            names.Add(regions.IsCounty(county)
                ? await db.RiskAreas.AsNoTracking().Where(r => r.Region == county && r.Area != null)
                    .Select(r => r.Area!).Distinct().OrderBy(a => a).ToListAsync(cancellationToken)
                : []);
        }

        return names;
    }

    public async Task<ServiceResult<RiskAreaView>> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.RiskAreas.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } area
            ? RiskAreaView.Of(area, regions)
            : NotFound(id);

    public async Task<ServiceResult<RiskAreaView>> CreateAsync(RiskAreaInput input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<RiskAreaView>(validation);
        }

        var area = new RiskArea { Id = Guid.CreateVersion7(), Region = input.Region!.Trim(), CreatedAt = clock.GetUtcNow() };
        Apply(area, input);
        db.RiskAreas.Add(area);
        var change = await CommitAsync(RegistryChangeKind.Create, [], [area.ToDesignation()], cancellationToken);
        return RiskAreaView.Of(area, regions) with { RegistryChange = change };
    }

    public async Task<ServiceResult<RiskAreaView>> UpdateAsync(Guid id, RiskAreaInput input, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<RiskAreaView>(validation);
        }

        if (await db.RiskAreas.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } area)
        {
            return NotFound(id);
        }

        var before = area.ToDesignation();
        area.Region = input.Region!.Trim();
        Apply(area, input);
        var change = await CommitAsync(RegistryChangeKind.Update, [before], [area.ToDesignation()], cancellationToken);
        return RiskAreaView.Of(area, regions) with { RegistryChange = change };
    }

    /// <summary>解除 lifts a designation: it stays in force up to and including <paramref name="lastDay"/>.</summary>
    public async Task<ServiceResult<RiskAreaView>> LiftAsync(Guid id, DateOnly lastDay, CancellationToken cancellationToken)
    {
        if (await db.RiskAreas.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } area)
        {
            return NotFound(id);
        }

        return await UpdateAsync(id, new RiskAreaInput(area.Region, area.Area, ApiNames.Name(area.Level),
            IsoDates.Format(area.From), IsoDates.Format(lastDay)), cancellationToken);
    }

    /// <summary>Deletes a designation (an entry made in error); answers the registry change it made.</summary>
    public async Task<ServiceResult<Guid>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.RiskAreas.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } area)
        {
            return new ServiceResult<Guid>.NotFound(t["RiskAreas.NotFound"]);
        }

        db.RiskAreas.Remove(area);
        return await CommitAsync(RegistryChangeKind.Delete, [area.ToDesignation()], [], cancellationToken);
    }

    /// <summary>
    /// Imports <c>region,area,level,from,to</c> rows (with that header). Every row is checked first; when any row is
    /// bad, nothing is imported and every bad row is reported with its line number.
    /// </summary>
    public async Task<ServiceResult<ImportResult>> ImportCsvAsync(Stream csv, CancellationToken cancellationToken)
    {
        var checkedFile = await CheckCsvAsync(csv, cancellationToken);
        if (checkedFile is not ServiceResult<IReadOnlyList<RiskAreaInput>>.Ok ok)
        {
            return checkedFile.Forward<ImportResult>();
        }

        var inputs = ok.Value;
        var now = clock.GetUtcNow();
        var added = new List<RiskDesignation>();
        foreach (var input in inputs)
        {
            var area = new RiskArea { Id = Guid.CreateVersion7(), Region = input.Region!.Trim(), CreatedAt = now };
            Apply(area, input);
            db.RiskAreas.Add(area);
            added.Add(area.ToDesignation());
        }

        var change = await CommitAsync(RegistryChangeKind.Import, [], added, cancellationToken);
        return new ImportResult(inputs.Count, change);
    }

    /// <summary>
    /// Reads and checks a CSV file without saving it (the import's preview): every row valid, or every bad row reported
    /// with its line number.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<RiskAreaInput>>> CheckCsvAsync(Stream csv, CancellationToken cancellationToken)
    {
        var (inputs, errors) = await ParseCsvAsync(csv, cancellationToken);
        foreach (var (line, input) in inputs)
        {
            var validation = await validator.ValidateAsync(input, cancellationToken);
            errors.AddRange(validation.Errors.Select(e => new ImportError(line, ServiceResult.CamelCasePath(e.PropertyName), e.ErrorMessage)));
        }

        if (errors.Count == 0 && inputs.Count == 0)
        {
            errors.Add(new ImportError(1, "file", t["RiskAreas.ImportEmpty"]));
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<IReadOnlyList<RiskAreaInput>>.Invalid(errors
                .GroupBy(e => $"line {e.Line}: {e.Field}", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));
        }

        return inputs.ConvertAll(i => i.Input);
    }

    /// <summary>The designation a checked input makes.</summary>
    public static RiskDesignation DesignationOf(RiskAreaInput input) => new(
        input.Region!.Trim(),
        string.IsNullOrWhiteSpace(input.Area) ? null : input.Area.Trim(),
        ApiNames.Parse<RiskLevel>(input.Level)!.Value,
        IsoDates.ParseDateOrNull(input.From)!.Value,
        IsoDates.ParseDateOrNull(input.To));

    /// <summary>
    /// Saves the write together with its registry change (one transaction), then lets the snapshot and the
    /// re-evaluation know.
    /// </summary>
    private async Task<Guid> CommitAsync(RegistryChangeKind kind, IEnumerable<RiskDesignation> before, IEnumerable<RiskDesignation> after, CancellationToken cancellationToken)
    {
        var change = new RegistryChange
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            BeforeJson = RegistryChangeJson.Write(before),
            AfterJson = RegistryChangeJson.Write(after),
            Status = RegistryChangeStatus.Pending,
            CreatedAt = clock.GetUtcNow().ToUniversalTime(),
        };
        db.RegistryChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        await registry.ChangedAsync(cancellationToken);
        foreach (var listener in listeners)
        {
            await listener.ChangeCommittedAsync(change.Id, cancellationToken);
        }

        return change.Id;
    }

    private void Apply(RiskArea area, RiskAreaInput input)
    {
        var designation = DesignationOf(input);
        area.Area = designation.Area;
        area.Level = designation.Level;
        area.From = designation.From;
        area.To = designation.To;
        area.UpdatedAt = clock.GetUtcNow();
    }

    private async Task<(List<(int Line, RiskAreaInput Input)> Inputs, List<ImportError> Errors)> ParseCsvAsync(Stream csv, CancellationToken cancellationToken)
    {
        var inputs = new List<(int, RiskAreaInput)>();
        var errors = new List<ImportError>();
        using var reader = new StreamReader(csv, detectEncodingFromByteOrderMarks: true);
        var header = await reader.ReadLineAsync(cancellationToken);
        string[] expected = ["region", "area", "level", "from", "to"];
        if (header is null || !CsvLine.Split(header).Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(expected))
        {
            errors.Add(new ImportError(1, "header", t["RiskAreas.ImportHeader"]));
            return (inputs, errors);
        }

        var lineNumber = 1;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            if (fields.Count != expected.Length)
            {
                errors.Add(new ImportError(lineNumber, "row", t["RiskAreas.ImportFields", fields.Count]));
                continue;
            }

            inputs.Add((lineNumber, new RiskAreaInput(fields[0], fields[1], fields[2], fields[3], fields[4])));
        }

        return (inputs, errors);
    }

    private ServiceResult<RiskAreaView>.NotFound NotFound(Guid id) => new(t["RiskAreas.NotFound"]);
}
