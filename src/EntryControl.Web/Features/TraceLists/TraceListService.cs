using System.Globalization;
using System.Security.Claims;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.TraceLists;

/// <summary>What an import did: <c>rows</c> imported (= matched + unmatched), and the rows refused and skipped.</summary>
public sealed record ImportedTraceList(Guid Id, int Rows, int Matched, int Unmatched, IReadOnlyList<InvalidTraceRow> Invalid);

public sealed record TraceResolutionView(TraceOutcome Outcome, string? Note, Guid? DeclarationId, DateTimeOffset ResolvedAt, string? ResolvedBy);

/// <summary>A check item as the API shows it: ID number and phone masked.</summary>
public sealed record TraceItemView(
    Guid Id,
    Guid ListId,
    string Source,
    string Name,
    IdType IdType,
    string IdNumber,
    string? Phone,
    DateTimeOffset? ArrivalAt,
    string? Origin,
    string? Carrier,
    string? DestinationRegion,
    TraceItemStatus Status,
    TraceResolutionView? Resolution);

/// <summary>One check item's full contact details, for the worker who has to reach the traveler (audited).</summary>
public sealed record TraceContact(Guid Id, string Name, IdType IdType, string IdNumber, string? Phone);

public sealed record TraceListView(Guid Id, string Source, DateTimeOffset ImportedAt, string? ImportedBy, int Rows, int Matched, int Unmatched, int Skipped, int Open);

/// <summary><c>GET /api/v1/trace-items</c>: <c>status</c> open or resolved (both when absent), <c>region</c> a county, prefecture or province.</summary>
public sealed record TraceItemQuery(string? Status = null, string? Region = null, int? Page = null, int? PageSize = null);

/// <summary>
/// 协查名单: imports lists pushed from outside, links each row to the traveler's declaration when there is one, and keeps
/// the others as check items for the community workers of the destination county and the command center, who record
/// what the check found.
/// </summary>
public sealed class TraceListService(
    EntryControlDbContext db,
    AuditLog audit,
    RegionCatalog regions,
    IValidator<TraceRowInput> rowValidator,
    IValidator<ResolveTraceItem> resolveValidator,
    IStringLocalizer<SharedResource> t,
    PersonalDataHashes hashes,
    TimeProvider clock)
{
    /// <summary>The most rows one list may hold: a day's trains into a prefecture fit many times over.</summary>
    public const int MaxRows = 50_000;

    /// <summary>A row matches a declaration whose arrival lies this close to the row's (api.md).</summary>
    public static readonly TimeSpan MatchWindow = TimeSpan.FromDays(3);

    public const int SourceLength = 100;

    public const int DefaultPageSize = 50;

    /// <summary>Imports a list sent as JSON.</summary>
    public Task<ServiceResult<ImportedTraceList>> ImportAsync(ClaimsPrincipal user, TraceListRequest? request, bool skipInvalid, CancellationToken cancellationToken)
    {
        if (request?.Rows is { Count: > MaxRows })
        {
            return Task.FromResult(ServiceResult.Invalid<ImportedTraceList>("rows", t["TraceLists.TooManyRows", MaxRows]));
        }

        return ImportAsync(user, TraceListUpload.FromRequest(request), skipInvalid, cancellationToken);
    }

    /// <summary>Imports a list sent as CSV (a header row, then one traveler a line).</summary>
    public async Task<ServiceResult<ImportedTraceList>> ImportCsvAsync(ClaimsPrincipal user, Stream csv, string? source, bool skipInvalid, CancellationToken cancellationToken)
    {
        var text = await TraceListCsv.ReadTextAsync(csv, cancellationToken);
        if (text is null)
        {
            return ServiceResult.Invalid<ImportedTraceList>("file", t["TraceLists.NotUtf8"]);
        }

        return await TraceListCsv.Parse(text, source, MaxRows, t).ThenAsync(upload => ImportAsync(user, upload, skipInvalid, cancellationToken));
    }

    /// <summary>
    /// Checks every row; a list with an invalid row is refused whole (each bad field keyed <c>line N: field</c>) unless
    /// <paramref name="skipInvalid"/>. Then matches each row to a declaration and stores the list, its rows and the
    /// audit entry in one transaction: nothing is half-imported.
    /// </summary>
    public async Task<ServiceResult<ImportedTraceList>> ImportAsync(ClaimsPrincipal user, TraceListUpload upload, bool skipInvalid, CancellationToken cancellationToken)
    {
        var source = upload.Source?.Trim();
        if (string.IsNullOrEmpty(source) || source.Length > SourceLength || source.Any(char.IsControl))
        {
            return ServiceResult.Invalid<ImportedTraceList>("source", t["TraceLists.SourceInvalid", SourceLength]);
        }

        if (upload.Rows.Count + upload.Unreadable.Count == 0)
        {
            return ServiceResult.Invalid<ImportedTraceList>("rows", t["TraceLists.Empty"]);
        }

        if (upload.Rows.Count + upload.Unreadable.Count > MaxRows)
        {
            return ServiceResult.Invalid<ImportedTraceList>("rows", t["TraceLists.TooManyRows", MaxRows]);
        }

        var valid = new List<(int Line, TraceRowInput Row)>(upload.Rows.Count);
        var invalid = new List<InvalidTraceRow>(upload.Unreadable);
        foreach (var (line, input) in upload.Rows)
        {
            if (input is null)
            {
                invalid.Add(new InvalidTraceRow(line, new Dictionary<string, string[]>(StringComparer.Ordinal) { ["row"] = [t["TraceLists.EmptyRow"]] }));
                continue;
            }

            var row = input.Trimmed();
            var validation = await rowValidator.ValidateAsync(row, cancellationToken);
            if (validation.IsValid)
            {
                valid.Add((line, row));
            }
            else
            {
                invalid.Add(new InvalidTraceRow(line, validation.ToErrorDictionary()));
            }
        }

        invalid.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (invalid.Count > 0 && (!skipInvalid || valid.Count == 0))
        {
            return new ServiceResult<ImportedTraceList>.Invalid(invalid
                .SelectMany(r => r.Errors.Select(e => (Key: InvalidTraceRow.Key(r.Line, e.Key), e.Value)))
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        }

        var list = new TraceList
        {
            Id = Guid.CreateVersion7(),
            Source = source,
            ImportedAt = clock.GetUtcNow().ToUniversalTime(),
            ImportedBy = user.StaffId(),
            Skipped = invalid.Count,
        };
        var items = valid.ConvertAll(v => new TraceItem
        {
            Id = Guid.CreateVersion7(),
            ListId = list.Id,
            ImportedAt = list.ImportedAt,
            Line = v.Line,
            Name = v.Row.Name!,
            IdType = IdentityDocuments.ParseType(v.Row.IdType)!.Value,
            IdNumber = IdentityDocuments.Normalize(v.Row.IdNumber!),
            Phone = v.Row.Phone,
            ArrivalAt = IsoDates.TryParseInstant(v.Row.ArrivalAt, out var at) ? at.ToUniversalTime() : null,
            Origin = v.Row.Origin,
            Carrier = v.Row.Carrier,
            DestinationRegion = v.Row.DestinationRegion,
        });

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        await MatchAsync(items, cancellationToken);
        list.Rows = items.Count;
        list.Matched = items.Count(i => i.Status == TraceItemStatus.Matched);
        list.Unmatched = list.Rows - list.Matched;
        db.TraceLists.Add(list);
        db.TraceItems.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(user, AuditAction.Import, "traceList", $"{list.Id} {source}", items.Count, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ImportedTraceList(list.Id, list.Rows, list.Matched, list.Unmatched, invalid);
    }

    /// <summary>
    /// Links each row to an active declaration with the same document whose arrival lies within <see cref="MatchWindow"/>
    /// of the row's (the nearest one), or to the latest active one when the row has no arrival; the others stay open.
    /// </summary>
    private async Task MatchAsync(List<TraceItem> items, CancellationToken cancellationToken)
    {
        var declared = new List<(Guid Id, IdType IdType, string IdNumber, DateTimeOffset ArrivalAt)>();
        // By the keyed hash of the document: the column itself is encrypted.
        foreach (var chunk in items.Select(i => i.IdNumber).Distinct(StringComparer.Ordinal).Select(n => hashes.Document(n)!).Chunk(5_000))
        {
            var found = await db.Declarations.AsNoTracking()
                .Where(d => d.Status == DeclarationStatus.Active && chunk.Contains(d.IdNumberHash!))
                .Select(d => new { d.Id, d.IdType, d.IdNumber, d.ArrivalAt })
                .ToListAsync(cancellationToken);
            declared.AddRange(found.Select(d => (d.Id, d.IdType, d.IdNumber, d.ArrivalAt)));
        }

        var byDocument = declared.ToLookup(d => (d.IdType, d.IdNumber));
        foreach (var item in items)
        {
            var candidates = byDocument[(item.IdType, item.IdNumber)];
            var match = item.ArrivalAt is { } arrival
                ? candidates.Where(d => (d.ArrivalAt - arrival).Duration() <= MatchWindow).OrderBy(d => (d.ArrivalAt - arrival).Duration()).FirstOrDefault()
                : candidates.OrderByDescending(d => d.ArrivalAt).FirstOrDefault();
            item.DeclarationId = match.Id == Guid.Empty ? null : match.Id;
            item.Status = item.DeclarationId is null ? TraceItemStatus.Open : TraceItemStatus.Matched;
        }
    }

    /// <summary>
    /// The check items (unmatched rows) the user may see, newest list first, paged: all of them for admins and the
    /// command center, those of their communities' counties for a community worker. Written to the audit log.
    /// </summary>
    public async Task<ServiceResult<Paged<TraceItemView>>> ListItemsAsync(ClaimsPrincipal user, TraceItemQuery query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TraceItemStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            status = ApiNames.Parse<TraceItemStatus>(query.Status);
            if (status is not (TraceItemStatus.Open or TraceItemStatus.Resolved))
            {
                errors["status"] = [t["TraceItems.Status"]];
            }
        }

        var region = query.Region?.Trim();
        if (!string.IsNullOrEmpty(region) && regions.Find(region) is null)
        {
            errors["region"] = [t["TraceItems.Region"]];
        }

        var (page, pageSize) = Paging.Read(query.Page, query.PageSize, DefaultPageSize, errors, t);
        if (errors.Count > 0)
        {
            return new ServiceResult<Paged<TraceItemView>>.Invalid(errors);
        }

        var scope = await ScopeAsync(user, cancellationToken);
        if (scope is not null && !string.IsNullOrEmpty(region) && !scope.Contains(region))
        {
            return new ServiceResult<Paged<TraceItemView>>.Forbidden(t["TraceItems.NotYourCounty"]);
        }

        var items = CheckItems(scope);
        if (status is { } wanted)
        {
            items = items.Where(i => i.Status == wanted);
        }

        if (!string.IsNullOrEmpty(region))
        {
            var prefix = RegionPrefix(region);
            items = items.Where(i => i.DestinationRegion != null && i.DestinationRegion.StartsWith(prefix));
        }

        var total = await items.CountAsync(cancellationToken);
        var rows = await Views(items
                .OrderBy(i => i.Status == TraceItemStatus.Resolved)
                .ThenByDescending(i => i.ImportedAt)
                .ThenBy(i => i.ListId)
                .ThenBy(i => i.Line)
                .Skip((page - 1) * pageSize)
                .Take(pageSize))
            .ToListAsync(cancellationToken);
        var views = rows.ConvertAll(Masked);

        var detail = string.Join(' ', new[] { query.Status?.Trim(), region, scope is null ? null : string.Join(',', scope) }.Where(s => !string.IsNullOrEmpty(s)));
        await audit.WriteAsync(user, AuditAction.View, "traceItems", string.Create(CultureInfo.InvariantCulture, $"{detail} page {page}").Trim(), views.Count, cancellationToken);
        return new Paged<TraceItemView>(views, page, pageSize, total);
    }

    /// <summary>One check item's name, full document number and phone, for the person who has to reach the traveler (audited).</summary>
    public async Task<ServiceResult<TraceContact>> ContactAsync(ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var item = await db.TraceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Status != TraceItemStatus.Matched, cancellationToken);
        if (item is null)
        {
            return new ServiceResult<TraceContact>.NotFound(t["TraceItems.NotFound"]);
        }

        if (!await MaySeeAsync(user, item, cancellationToken))
        {
            return new ServiceResult<TraceContact>.Forbidden(t["TraceItems.NotYourCounty"]);
        }

        await audit.WriteAsync(user, AuditAction.View, "traceItem", item.Id.ToString(), 1, cancellationToken);
        return new TraceContact(item.Id, item.Name, item.IdType, item.IdNumber, item.Phone);
    }

    /// <summary>
    /// Records what the check of an open item found. A declaration code (the traveler registered on the spot) must name a
    /// declaration of the same document; the item is linked to it. An item already resolved is a conflict.
    /// </summary>
    public async Task<ServiceResult<TraceItemView>> ResolveAsync(ClaimsPrincipal user, Guid id, ResolveTraceItem request, CancellationToken cancellationToken)
    {
        var validation = await resolveValidator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            return ServiceResult.Invalid<TraceItemView>(validation);
        }

        var item = await db.TraceItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.Status != TraceItemStatus.Matched, cancellationToken);
        if (item is null)
        {
            return new ServiceResult<TraceItemView>.NotFound(t["TraceItems.NotFound"]);
        }

        if (!await MaySeeAsync(user, item, cancellationToken))
        {
            return new ServiceResult<TraceItemView>.Forbidden(t["TraceItems.NotYourCounty"]);
        }

        if (item.Status == TraceItemStatus.Resolved)
        {
            return new ServiceResult<TraceItemView>.Conflict(t["TraceItems.AlreadyResolved"]);
        }

        Guid? declarationId = null;
        if (!string.IsNullOrWhiteSpace(request.DeclarationCode))
        {
            var exact = Declarations.DeclarationCodes.Normalize(request.DeclarationCode);
            var declaration = await db.Declarations.AsNoTracking().Where(Declarations.DeclarationCodes.Matches(request.DeclarationCode))
                .OrderBy(d => d.Code == exact ? 0 : 1).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.IdType, d.IdNumber }).FirstOrDefaultAsync(cancellationToken);
            if (declaration is null)
            {
                return ServiceResult.Invalid<TraceItemView>("declarationCode", t["TraceItems.NoSuchDeclaration"]);
            }

            if (declaration.IdType != item.IdType || declaration.IdNumber != item.IdNumber)
            {
                return ServiceResult.Invalid<TraceItemView>("declarationCode", t["TraceItems.OtherTraveler"]);
            }

            declarationId = declaration.Id;
        }

        var outcome = ApiNames.Parse<TraceOutcome>(request.Outcome)!.Value;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var by = user.StaffId();
        var now = clock.GetUtcNow().ToUniversalTime();
        // Set-based and conditional: of two people recording the same item at once, the second gets a conflict.
        var updated = await db.TraceItems
            .Where(i => i.Id == id && i.Status == TraceItemStatus.Open)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(i => i.Status, TraceItemStatus.Resolved)
                    .SetProperty(i => i.Outcome, outcome)
                    .SetProperty(i => i.Note, note)
                    .SetProperty(i => i.DeclarationId, declarationId)
                    .SetProperty(i => i.ResolvedBy, by)
                    .SetProperty(i => i.ResolvedAt, now),
                cancellationToken);
        if (updated == 0)
        {
            return new ServiceResult<TraceItemView>.Conflict(t["TraceItems.AlreadyResolved"]);
        }

        var view = await Views(db.TraceItems.AsNoTracking().Where(i => i.Id == id)).SingleAsync(cancellationToken);
        return Masked(view);
    }

    /// <summary>One imported list with how many of its check items are still open.</summary>
    public async Task<ServiceResult<TraceListView>> FindListAsync(Guid id, CancellationToken cancellationToken) =>
        await ListViews(db.TraceLists.AsNoTracking().Where(l => l.Id == id)).FirstOrDefaultAsync(cancellationToken) is { } list
            ? list
            : new ServiceResult<TraceListView>.NotFound(t["TraceLists.NotFound"]);

    /// <summary>The lists imported, newest first, with how many of their check items are still open.</summary>
    public async Task<ServiceResult<Paged<TraceListView>>> ListsAsync(int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (number, size) = Paging.Read(page, pageSize, DefaultPageSize, errors, t);
        if (errors.Count > 0)
        {
            return new ServiceResult<Paged<TraceListView>>.Invalid(errors);
        }

        var total = await db.TraceLists.CountAsync(cancellationToken);
        var lists = await ListViews(db.TraceLists.AsNoTracking()
                .OrderByDescending(l => l.ImportedAt).ThenByDescending(l => l.Id)
                .Skip((number - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return new Paged<TraceListView>(lists, number, size, total);
    }

    private IQueryable<TraceListView> ListViews(IQueryable<TraceList> lists) =>
        lists.Select(l => new TraceListView(
            l.Id,
            l.Source,
            l.ImportedAt,
            db.Users.Where(u => u.Id == l.ImportedBy).Select(u => u.Email).FirstOrDefault(),
            l.Rows,
            l.Matched,
            l.Unmatched,
            l.Skipped,
            db.TraceItems.Count(i => i.ListId == l.Id && i.Status == TraceItemStatus.Open)));

    /// <summary>The counties of the communities a worker covers, in code order.</summary>
    public Task<List<string>> CountiesOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = user.StaffId() ?? Guid.Empty;
        return (
            from staff in db.StaffCommunities
            join community in db.Communities on staff.CommunityCode equals community.Code
            where staff.UserId == userId
            select community.Region)
            .Distinct().OrderBy(r => r).ToListAsync(cancellationToken);
    }

    /// <summary>Null: every item (admins and the command center); otherwise the counties whose items the user sees.</summary>
    private async Task<List<string>?> ScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.CommandCenter) ? null : await CountiesOfAsync(user, cancellationToken);

    private async Task<bool> MaySeeAsync(ClaimsPrincipal user, TraceItem item, CancellationToken cancellationToken) =>
        await ScopeAsync(user, cancellationToken) is not { } counties || (item.DestinationRegion is { } region && counties.Contains(region));

    private IQueryable<TraceItem> CheckItems(List<string>? scope)
    {
        var items = db.TraceItems.AsNoTracking().Where(i => i.Status != TraceItemStatus.Matched);
        return scope is null ? items : items.Where(i => i.DestinationRegion != null && scope.Contains(i.DestinationRegion));
    }

    /// <summary>A county's own code, or the leading digits every county of a prefecture (4) or province (2) shares.</summary>
    private string RegionPrefix(string code) => regions.Find(code)?.Level switch
    {
        RegionLevel.Province => code[..2],
        RegionLevel.Prefecture when !regions.IsCounty(code) => code[..4],
        _ => code,
    };

    /// <summary>Scalar subqueries rather than joins, so the items' order and paging are kept as they are.</summary>
    private IQueryable<TraceItemView> Views(IQueryable<TraceItem> items) =>
        items.Select(item => new TraceItemView(
            item.Id,
            item.ListId,
            db.TraceLists.Where(l => l.Id == item.ListId).Select(l => l.Source).First(),
            item.Name,
            item.IdType,
            item.IdNumber,
            item.Phone,
            item.ArrivalAt,
            item.Origin,
            item.Carrier,
            item.DestinationRegion,
            item.Status,
            item.Outcome == null ? null : new TraceResolutionView(
                item.Outcome.Value,
                item.Note,
                item.DeclarationId,
                item.ResolvedAt!.Value,
                db.Users.Where(u => u.Id == item.ResolvedBy).Select(u => u.Email).FirstOrDefault())));

    private static TraceItemView Masked(TraceItemView view) => view with
    {
        IdNumber = IdentityDocuments.Mask(view.IdNumber),
        Phone = view.Phone is null ? null : IdentityDocuments.MaskPhone(view.Phone),
    };
}
