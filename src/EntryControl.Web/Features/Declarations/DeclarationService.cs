using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations.Storage;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using EntryControl.Web.Infrastructure.Telemetry;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Declarations;

public sealed record GroupMember(Guid Id, string Code, string Name);

/// <summary>A declaration whose row a checkpoint scan locked, with its latest decision, history and group as they were.</summary>
public sealed record LockedDeclaration(Declaration Declaration, Decision Latest, IReadOnlyList<DecisionHistoryItem> History, IReadOnlyList<GroupMember> Group);

/// <summary>A declaration found by document and phone: enough to tell two of the same traveler apart.</summary>
public sealed record FoundDeclaration(Guid Id, string Code, string Name, DateTimeOffset ArrivalAt, string Destination, string? CommunityName);

public sealed record SubmittedDeclaration(Guid Id, string Code, EvaluationView Decision, RegistrationTiming Registration, IReadOnlyList<GroupMember> Group);

public sealed record TravelerView(string Name, IdType IdType, string IdNumber, string? Phone);

/// <summary>
/// What caused a re-decision (api.md: <c>{ "registryChange": "…" }</c>; for a corrected policy also
/// <c>"policyVersion": "bayannur-2022-71@2"</c>).
/// </summary>
public sealed record DecisionCause(
    Guid RegistryChange,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? PolicyVersion = null);

/// <summary>One decision of a declaration's history (oldest first); <see cref="Policy"/> is the version it was made under, "bayannur-2022-71@1".</summary>
public sealed record DecisionHistoryItem(DecisionOccasion Occasion, DateTimeOffset DecidedAt, Measure Measure, DecisionCause? Cause, string Policy);

/// <summary>A declaration decided again: the decision before and after (the same when nothing changed).</summary>
public sealed record Redecision(Guid DeclarationId, string? CommunityCode, Decision Before, Decision After)
{
    /// <summary>Whether the traveler's measure or any of its phases (dates, tests) changed.</summary>
    public bool Changed => Before.Measure != After.Measure || Before.EntryAllowed != After.EntryAllowed || !SamePhases(Before.Phases, After.Phases);

    private static bool SamePhases(IReadOnlyList<Phase> a, IReadOnlyList<Phase> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Measure == p.Second.Measure && p.First.Start == p.Second.Start
            && p.First.End == p.Second.End && p.First.Tests.SequenceEqual(p.Second.Tests));
}

/// <summary>A declaration as the traveler (and anyone but an exporting admin) sees it: the ID and phone masked.</summary>
public sealed record DeclarationView(
    Guid Id,
    string Code,
    DeclarationStatus Status,
    TravelerView Traveler,
    string? Community,
    string Destination,
    string Address,
    TripInput Trip,
    VehicleInput? Vehicle,
    RegistrationTiming Registration,
    EvaluationView Decision,
    bool ReadOnly,
    DateTimeOffset CreatedAt,
    IReadOnlyList<GroupMember> Group,
    IReadOnlyList<DecisionHistoryItem> DecisionHistory,
    MeasureProgress Progress,
    bool Transit = false,
    string? Checkpoint = null,
    DateTimeOffset? PersonalDataErasedAt = null);

/// <summary>
/// 报备: travelers register a trip ahead (or an officer registers a walk-in). Each declaration keeps the decision it
/// got with its policy version, inputs, clock and designations; amending before arrival re-decides.
/// </summary>
public sealed class DeclarationService(
    EntryControlDbContext db,
    EvaluationService evaluations,
    IEnumerable<IDecisionObserver> observers,
    IReleaseRegistry releases,
    Audit.AuditLog audit,
    IValidator<DeclarationRequest> validator,
    IStringLocalizer<SharedResource> t,
    PersonalDataHashes hashes,
    TimeProvider clock,
    PortalMetrics metrics)
{
    public async Task<ServiceResult<SubmittedDeclaration>> SubmitAsync(DeclarationRequest request, Guid? registeredBy, Language language, CancellationToken cancellationToken)
    {
        var checkedRequest = await CheckAsync(request, walkIn: registeredBy is not null, cancellationToken);
        if (checkedRequest is not ServiceResult<Checked>.Ok ok)
        {
            return checkedRequest.Forward<SubmittedDeclaration>();
        }

        var (evaluation, communityCode, destination, checkpointCode, registration) = ok.Value;
        var now = clock.GetUtcNow();
        var groupId = Guid.CreateVersion7();
        var travelers = new List<TravelerInput> { request.Traveler! };
        travelers.AddRange(request.CoTravelers ?? []);
        var declarations = travelers.Select(traveler => new Declaration
        {
            Id = Guid.CreateVersion7(),
            Code = DeclarationCodes.New(),
            GroupId = groupId,
            TravelerName = traveler.Name!.Trim(),
            IdType = IdentityDocuments.ParseType(traveler.IdType)!.Value,
            IdNumber = IdentityDocuments.Normalize(traveler.IdNumber!),
            Phone = string.IsNullOrWhiteSpace(traveler.Phone) ? request.Traveler!.Phone!.Trim() : traveler.Phone.Trim(),
            CommunityCode = communityCode,
            Destination = destination,
            Address = request.Address?.Trim() ?? "",
            ArrivalAt = evaluation.Trip.ArrivalAt.ToUniversalTime(),
            TripJson = StoredJson.TripAsDeclared(request.Trip!),
            VehiclePlate = request.Vehicle?.Plate?.Trim(),
            VehicleCompany = request.Vehicle?.Company?.Trim(),
            ReceiptCompany = request.Vehicle?.Receipt?.Company?.Trim(),
            ReceiptNumber = request.Vehicle?.Receipt?.Number?.Trim(),
            Transit = request.IsTransit,
            EntryCheckpointCode = checkpointCode,
            Registration = registration,
            Stays = StaysOf(evaluation.Trip),
            Status = DeclarationStatus.Active,
            RegisteredBy = registeredBy,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        foreach (var declaration in declarations)
        {
            declaration.Decisions.Add(Record(declaration.Id, DecisionOccasion.Declared, evaluation, evaluation.Trip.ArrivalAt, now));
            await NotifyAsync(new DecisionChange(declaration.Id, declaration.CommunityCode, evaluation.Decision, IsNew: true), cancellationToken);
        }

        db.Declarations.AddRange(declarations);
        await db.SaveChangesAsync(cancellationToken);
        db.Database.OnCommitted(() => metrics.Declared(registeredBy is null ? PortalMetrics.Channels.Traveler : PortalMetrics.Channels.WalkIn, declarations.Count));
        var group = declarations.ConvertAll(d => new GroupMember(d.Id, d.Code, d.TravelerName));
        var first = declarations[0];
        return new SubmittedDeclaration(first.Id, first.Code, EvaluationView.From(evaluation.Decision, language), registration, group);
    }

    public async Task<ServiceResult<DeclarationView>> FindAsync(string code, Language language, CancellationToken cancellationToken)
    {
        // The latest decision as a correlated subquery: one probe of the (declaration_id, decided_at) index. A filtered
        // Include(… .Take(1)) becomes ROW_NUMBER() over every decision record of every declaration, which PostgreSQL
        // cannot narrow to this one: a full scan of the table on each read (and on each checkpoint scan).
        var found = await ByCode(code)
            .Select(d => new
            {
                Declaration = d,
                DecisionJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecisionJson).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? NotFound<DeclarationView>()
            : await ViewAsync(found.Declaration, StoredJson.ReadDecision(found.DecisionJson!), language, cancellationToken);
    }

    /// <summary>Finds a declaration for someone to look at (the traveler by its code, or staff), and writes that to the audit log.</summary>
    public async Task<ServiceResult<DeclarationView>> OpenAsync(string code, System.Security.Claims.ClaimsPrincipal viewer, Language language, CancellationToken cancellationToken)
    {
        var found = await FindAsync(code, language, cancellationToken);
        if (found is ServiceResult<DeclarationView>.Ok ok)
        {
            await audit.WriteAsync(viewer, Audit.AuditAction.View, "declaration", ok.Value.Id.ToString(), 1, cancellationToken);
        }

        return found;
    }

    /// <summary>找回: the traveler's active declarations by document number and phone (both must match).</summary>
    public async Task<IReadOnlyList<FoundDeclaration>> FindByTravelerAsync(string? idNumber, string? phone, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idNumber) || string.IsNullOrWhiteSpace(phone))
        {
            return [];
        }

        // The columns are encrypted (a new nonce each time): equality is on the keyed hashes.
        var number = hashes.Document(idNumber);
        var mobile = hashes.Phone(phone);
        return await db.Declarations.AsNoTracking()
            .Where(d => d.IdNumberHash == number && d.PhoneHash == mobile && d.Status == DeclarationStatus.Active)
            .OrderByDescending(d => d.ArrivalAt)
            .ThenBy(d => d.Id)
            .Select(d => new FoundDeclaration(d.Id, d.Code, d.TravelerName, d.ArrivalAt, d.Destination,
                db.Communities.Where(c => c.Code == d.CommunityCode).Select(c => c.Name).FirstOrDefault()))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Amends the trip before arrival and before any checkpoint scan; the decision is made again.</summary>
    public async Task<ServiceResult<DeclarationView>> AmendAsync(string code, DeclarationRequest request, Language language, CancellationToken cancellationToken)
    {
        // Amend, cancel and checkpoint scans lock the declaration's row: an amendment cannot overwrite a trip that a
        // scan is deciding at the same moment, and whichever comes second sees what the first saved.
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var declaration = await LockAsync(code, cancellationToken);
        if (declaration is null)
        {
            return NotFound<DeclarationView>();
        }

        if (Locked(declaration) is { } reason)
        {
            return new ServiceResult<DeclarationView>.Conflict(reason);
        }

        var checkedRequest = await CheckAsync(request with { CoTravelers = null }, walkIn: declaration.RegisteredBy is not null, cancellationToken);
        if (checkedRequest is not ServiceResult<Checked>.Ok ok)
        {
            return checkedRequest.Forward<DeclarationView>();
        }

        if (IdentityChanges(declaration, request.Traveler!) is { Count: > 0 } changed)
        {
            return new ServiceResult<DeclarationView>.Invalid(changed);
        }

        var (evaluation, communityCode, destination, checkpointCode, registration) = ok.Value;
        var now = clock.GetUtcNow();
        declaration.CommunityCode = communityCode;
        declaration.Destination = destination;
        declaration.Address = request.Address?.Trim() ?? "";
        declaration.ArrivalAt = evaluation.Trip.ArrivalAt.ToUniversalTime();
        declaration.TripJson = StoredJson.TripAsDeclared(request.Trip!);
        await db.DeclarationStays.Where(s => s.DeclarationId == declaration.Id).ExecuteDeleteAsync(cancellationToken);
        db.DeclarationStays.AddRange(StaysOf(evaluation.Trip).Select(s =>
        {
            s.DeclarationId = declaration.Id;
            return s;
        }));
        declaration.VehiclePlate = request.Vehicle?.Plate?.Trim();
        declaration.VehicleCompany = request.Vehicle?.Company?.Trim();
        declaration.ReceiptCompany = request.Vehicle?.Receipt?.Company?.Trim();
        declaration.ReceiptNumber = request.Vehicle?.Receipt?.Number?.Trim();
        declaration.Transit = request.IsTransit;
        declaration.EntryCheckpointCode = checkpointCode;
        declaration.Registration = registration;
        declaration.UpdatedAt = now;
        await RecordDecisionAsync(declaration, DecisionOccasion.Amended, evaluation, evaluation.Trip.ArrivalAt, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(declaration, evaluation.Decision, language, cancellationToken);
    }

    /// <summary>
    /// The identity is fixed once declared: an amendment that sends another name, document or phone (compared as
    /// stored: trimmed, the document number upper-cased) is refused field by field, not applied.
    /// </summary>
    private Dictionary<string, string[]> IdentityChanges(Declaration declaration, TravelerInput traveler)
    {
        var changed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string[] message = [t["Declaration.IdentityFixed"]];
        if (traveler.Name!.Trim() != declaration.TravelerName)
        {
            changed["traveler.name"] = message;
        }

        if (IdentityDocuments.ParseType(traveler.IdType) != declaration.IdType)
        {
            changed["traveler.idType"] = message;
        }

        if (IdentityDocuments.Normalize(traveler.IdNumber!) != declaration.IdNumber)
        {
            changed["traveler.idNumber"] = message;
        }

        if ((string.IsNullOrWhiteSpace(traveler.Phone) ? null : traveler.Phone.Trim()) != declaration.Phone)
        {
            changed["traveler.phone"] = message;
        }

        return changed;
    }

    /// <summary>Amends where and the trip; the traveler's identity stays as declared (the pages never show it unmasked).</summary>
    public async Task<ServiceResult<DeclarationView>> AmendTripAsync(string code, DeclarationRequest request, Language language, CancellationToken cancellationToken)
    {
        var stored = await ByCode(code).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return NotFound<DeclarationView>();
        }

        var traveler = new TravelerInput(stored.TravelerName, IdentityDocuments.Types[(int)stored.IdType], stored.IdNumber, stored.Phone);
        return await AmendAsync(code, request with { Traveler = traveler }, language, cancellationToken);
    }

    public async Task<ServiceResult<string>> CancelAsync(string code, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var declaration = await LockAsync(code, cancellationToken);
        if (declaration is null)
        {
            return NotFound<string>();
        }

        if (Locked(declaration) is { } reason)
        {
            return new ServiceResult<string>.Conflict(reason);
        }

        declaration.Status = DeclarationStatus.Cancelled;
        declaration.UpdatedAt = clock.GetUtcNow();
        await NotifyAsync(new DecisionChange(declaration.Id, declaration.CommunityCode, Decision: null, IsNew: false), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return code;
    }

    /// <summary>
    /// The declaration with this code, its row locked until the caller's transaction ends (amend, cancel and checkpoint
    /// scans take the same lock, so they happen one after the other).
    /// </summary>
    /// <remarks>
    /// The rows are read as the statement says and taken apart here: composing <c>FirstOrDefault</c> over raw SQL made
    /// EF wrap it in a subquery without an order (and warn "First without OrderBy" on every scan).
    /// </remarks>
    public async Task<Declaration?> LockAsync(string code, CancellationToken cancellationToken)
    {
        var exact = DeclarationCodes.Normalize(code);
        var key = exact.ToLowerInvariant();
        return (await db.Declarations
            .FromSql($"SELECT *, xmin FROM declarations WHERE lower(code) = {key} ORDER BY code = {exact} DESC, id LIMIT 1 FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// A checkpoint scan's declaration (by code, else the traveler's active one with the latest arrival by document
    /// number) with its row locked as <see cref="LockAsync"/> does, and in the same statement what the scan needs of it
    /// as it stands: its latest decision, its decision history and its group. The scan thus makes one round trip where
    /// the lock, the latest decision and the answer's view took four.
    /// </summary>
    public async Task<LockedDeclaration?> LockForScanAsync(string? code, string? documentNumber, CancellationToken cancellationToken)
    {
        IQueryable<Declaration> locked;
        if (!string.IsNullOrWhiteSpace(code))
        {
            var exact = DeclarationCodes.Normalize(code);
            var key = exact.ToLowerInvariant();
            locked = db.Declarations.FromSql($"SELECT *, xmin FROM declarations WHERE lower(code) = {key} ORDER BY code = {exact} DESC, id LIMIT 1 FOR UPDATE");
        }
        else if (hashes.Document(documentNumber ?? "") is { } number)
        {
            var active = nameof(DeclarationStatus.Active);
            locked = db.Declarations.FromSql($"SELECT *, xmin FROM declarations WHERE id_number_hash = {number} AND status = {active} ORDER BY arrival_at DESC, id DESC LIMIT 1 FOR UPDATE");
        }
        else
        {
            return null;
        }

        // The locking statement is a subquery in FROM (PostgreSQL locks the row it returns); the latest decision is one
        // probe of the (declaration_id, decided_at) index, the history and the group are joined to the one row.
        var rows = await locked
            .Select(d => new
            {
                Declaration = d,
                LatestJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecisionJson).FirstOrDefault(),
                History = d.Decisions.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id).Select(r => new
                {
                    r.Occasion,
                    r.DecidedAt,
                    r.Measure,
                    r.RegistryChangeId,
                    r.PolicyId,
                    r.PolicyVersion,
                    CausePolicyVersion = db.RegistryChanges.Where(c => c.Id == r.RegistryChangeId).Select(c => c.PolicyVersion).FirstOrDefault(),
                }).ToList(),
                Group = db.Declarations.Where(g => g.GroupId == d.GroupId).OrderBy(g => g.Id).Select(g => new GroupMember(g.Id, g.Code, g.TravelerName)).ToList(),
            })
            .ToListAsync(cancellationToken);
        if (rows.SingleOrDefault() is not { } row)
        {
            return null;
        }

        var history = row.History.ConvertAll(r => new DecisionHistoryItem(
            r.Occasion, r.DecidedAt, r.Measure, r.RegistryChangeId is { } change ? new DecisionCause(change, r.CausePolicyVersion) : null, $"{r.PolicyId}@{r.PolicyVersion}"));
        return new LockedDeclaration(row.Declaration, StoredJson.ReadDecision(row.LatestJson!), history, row.Group);
    }

    /// <summary>The traveler's active declaration with the latest arrival, by normalized document number, its row locked.</summary>
    public async Task<Declaration?> LockLatestActiveAsync(string documentNumber, CancellationToken cancellationToken)
    {
        var number = hashes.Document(documentNumber);
        if (number is null)
        {
            return null;
        }

        var active = nameof(DeclarationStatus.Active);
        // Ordered in full (a tie on arrival goes to the newest row), so the row locked is always the same one.
        return (await db.Declarations
            .FromSql($"SELECT *, xmin FROM declarations WHERE id_number_hash = {number} AND status = {active} ORDER BY arrival_at DESC, id DESC LIMIT 1 FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Adds a new latest decision to a declaration (the caller saves) and brings everything that follows the decision
    /// in step with it.
    /// </summary>
    /// <remarks><paramref name="previous"/>: the latest decision so far, when the caller has it (observers may then skip work).</remarks>
    public async Task<DecisionRecord> RecordDecisionAsync(
        Declaration declaration, DecisionOccasion occasion, Evaluation evaluation, DateTimeOffset decidedFor, CancellationToken cancellationToken, Guid? registryChange = null, Decision? previous = null)
    {
        var record = Record(declaration.Id, occasion, evaluation, decidedFor, clock.GetUtcNow());
        record.RegistryChangeId = registryChange;
        db.DecisionRecords.Add(record);
        await NotifyAsync(new DecisionChange(declaration.Id, declaration.CommunityCode, evaluation.Decision, IsNew: false, previous), cancellationToken);
        return record;
    }

    /// <summary>
    /// 协查: decides a declaration again with the inputs of its latest decision (for a scanned traveler: the scan time,
    /// temperature and certificate shown) against the registry as it is now, records it with the registry change as
    /// its cause and brings the follow-up in step. Takes the declaration's row lock; the caller's transaction commits.
    /// Null when there is nothing to do: the declaration is gone or cancelled, or this change already re-decided it.
    /// </summary>
    public async Task<Redecision?> ReevaluateAsync(Guid declarationId, Guid registryChange, CancellationToken cancellationToken) =>
        (await ReevaluateAsync([declarationId], registryChange, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// <see cref="ReevaluateAsync(Guid, Guid, CancellationToken)"/> for a batch, in its order: the row locks (taken in
    /// the database's id order, so two instances on the same batch wait rather than deadlock), the re-decisions this
    /// change already made and the latest decisions are read with one statement each for the whole batch.
    /// </summary>
    public async Task<IReadOnlyList<Redecision>> ReevaluateAsync(IReadOnlyList<Guid> declarationIds, Guid registryChange, CancellationToken cancellationToken)
    {
        var ids = declarationIds.Distinct().ToArray();
        var locked = (await db.Declarations.FromSql($"SELECT *, xmin FROM declarations WHERE id = ANY({ids}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken))
            .Where(d => d.Status == DeclarationStatus.Active)
            .ToDictionary(d => d.Id);
        var active = locked.Keys.ToList();
        var done = await db.DecisionRecords
            .Where(r => r.RegistryChangeId == registryChange && active.Contains(r.DeclarationId))
            .Select(r => r.DeclarationId)
            .ToListAsync(cancellationToken);
        var todo = active.Except(done).ToList();
        // Each column of the latest decision as a scalar subquery (one probe of the (declaration_id, decided_at) index);
        // projected as one object EF Core would join ROW_NUMBER() over every decision record instead.
        var latest = await db.Declarations.AsNoTracking()
            .Where(d => todo.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                InputJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.InputJson).First(),
                DecisionJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecisionJson).First(),
                DecidedFor = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecidedFor).First(),
            })
            .ToDictionaryAsync(r => r.Id, cancellationToken);

        var redecisions = new List<Redecision>();
        foreach (var id in ids.Where(latest.ContainsKey))
        {
            var declaration = locked[id];
            var last = latest[id];
            if (await evaluations.EvaluateAsync(StoredJson.ReadEngineInput(last.InputJson), cancellationToken) is not ServiceResult<Evaluation>.Ok evaluated)
            {
                // No policy in force any more for that destination and day: the decision stands as it was.
                continue;
            }

            await RecordDecisionAsync(declaration, DecisionOccasion.Reevaluated, evaluated.Value, last.DecidedFor, cancellationToken, registryChange);
            redecisions.Add(new Redecision(id, declaration.CommunityCode, StoredJson.ReadDecision(last.DecisionJson), evaluated.Value.Decision));
        }

        return redecisions;
    }

    /// <summary>Every decision of a declaration, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionHistoryItem>> HistoryAsync(Guid declarationId, CancellationToken cancellationToken) =>
        (await HistoriesAsync([declarationId], cancellationToken)).GetValueOrDefault(declarationId) ?? [];

    /// <summary>The decision histories of several declarations at once (a worker's list), oldest first each.</summary>
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<DecisionHistoryItem>>> HistoriesAsync(IReadOnlyCollection<Guid> declarationIds, CancellationToken cancellationToken)
    {
        var rows = await (
                from r in db.DecisionRecords.AsNoTracking()
                where declarationIds.Contains(r.DeclarationId)
                join c in db.RegistryChanges on r.RegistryChangeId equals c.Id into causes
                from c in causes.DefaultIfEmpty()
                orderby r.DecidedAt, r.Id
                select new { r.DeclarationId, r.Occasion, r.DecidedAt, r.Measure, r.RegistryChangeId, r.PolicyId, r.PolicyVersion, CausePolicyVersion = c == null ? null : c.PolicyVersion })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.DeclarationId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<DecisionHistoryItem>)[.. g.Select(r => new DecisionHistoryItem(
                r.Occasion,
                r.DecidedAt,
                r.Measure,
                r.RegistryChangeId is { } change ? new DecisionCause(change, r.CausePolicyVersion) : null,
                $"{r.PolicyId}@{r.PolicyVersion}"))]);
    }

    private static List<DeclarationStay> StaysOf(Trip trip) =>
        [.. trip.Stays.Select(s => new DeclarationStay { Region = s.Region, From = s.From, To = s.To, Areas = [.. s.Areas] })];

    /// <summary>The trip as the traveler declared it.</summary>
    public static TripInput TripOf(Declaration declaration) => StoredJson.ReadTripAsDeclared(declaration.TripJson);

    private async Task NotifyAsync(DecisionChange change, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.DecisionChangedAsync(change, cancellationToken);
        }
    }

    public Task<bool> ExistsAsync(string code, CancellationToken cancellationToken) =>
        ByCode(code).AnyAsync(cancellationToken);

    /// <summary>
    /// The declaration a typed or scanned code names, in any case (the <c>lower(code)</c> index); should two legacy codes
    /// differ only in case, the exact one comes first.
    /// </summary>
    private IQueryable<Declaration> ByCode(string code)
    {
        var exact = DeclarationCodes.Normalize(code);
        return db.Declarations.AsNoTracking()
            .Where(DeclarationCodes.Matches(code))
            .OrderBy(d => d.Code == exact ? 0 : 1)
            .ThenBy(d => d.Id);
    }

    private string? Locked(Declaration declaration) =>
        declaration.Status == DeclarationStatus.Cancelled ? t["Declaration.AlreadyCancelled"].Value
        : declaration.FirstScannedAt is not null ? t["Declaration.AlreadyScanned"].Value
        : declaration.ArrivalAt <= clock.GetUtcNow() ? t["Declaration.AlreadyArrived"].Value
        : null;

    /// <summary>Every field error of a declaration (empty when it can be submitted), keyed as the API names fields.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(DeclarationRequest request, CancellationToken cancellationToken) =>
        (await ValidateCoreAsync(request, cancellationToken)).Errors;

    private async Task<(Dictionary<string, string[]> Errors, Community? Community, Checkpoint? Checkpoint)> ValidateCoreAsync(
        DeclarationRequest request, CancellationToken cancellationToken)
    {
        var errors = (await validator.ValidateAsync(request, cancellationToken)).ToErrorDictionary();
        // A transit driver (途经) has no community: the destination is the county of the checkpoint they enter by.
        var transit = request.IsTransit;
        var community = transit || string.IsNullOrWhiteSpace(request.Community)
            ? null
            : await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == request.Community.Trim(), cancellationToken);
        if (!transit && !string.IsNullOrWhiteSpace(request.Community) && community is null)
        {
            errors["community"] = [t["Declaration.CommunityUnknown"]];
        }

        var checkpoint = !transit || string.IsNullOrWhiteSpace(request.Checkpoint) || errors.ContainsKey("checkpoint")
            ? null
            : await db.Checkpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Code == request.Checkpoint.Trim(), cancellationToken);
        if (transit && !errors.ContainsKey("checkpoint") && checkpoint is null)
        {
            errors["checkpoint"] = [t["Declaration.CheckpointUnknown"]];
        }

        if (request.Trip is { } trip)
        {
            // The destination is the community's (or entry checkpoint's) county: its errors are reported above.
            var tripErrors = await evaluations.ValidateAsync(trip.ToEvaluation(transit ? checkpoint?.Region : community?.Region), cancellationToken);
            foreach (var (field, messages) in tripErrors.Where(e => e.Key != "destination"))
            {
                errors["trip." + field] = messages;
            }

            if (!errors.ContainsKey("trip.arrivalAt") && IsoDates.TryParseInstant(trip.ArrivalAt, out var arrivalAt))
            {
                var now = clock.GetUtcNow();
                if (arrivalAt < now.AddHours(-24))
                {
                    errors["trip.arrivalAt"] = [t["Declaration.ArrivalTooEarly"]];
                }
                else if (arrivalAt > now.AddDays(14))
                {
                    errors["trip.arrivalAt"] = [t["Declaration.ArrivalTooLate"]];
                }
            }
        }

        return (errors, community, checkpoint);
    }

    /// <summary>A request that passed validation, decided: where it goes and how its registration counts.</summary>
    private sealed record Checked(Evaluation Evaluation, string? CommunityCode, string Destination, string? CheckpointCode, RegistrationTiming Registration);

    /// <summary>
    /// Validates the request, then decides it: the community's county is the destination (a transit driver's: the entry
    /// checkpoint's). The registration's timing needs the policy in force, so a freight driver who is neither on time
    /// nor carries a receipt certificate is decided a second time as not pre-registered (clause 九: entry refused).
    /// </summary>
    private async Task<ServiceResult<Checked>> CheckAsync(DeclarationRequest request, bool walkIn, CancellationToken cancellationToken)
    {
        var (errors, community, checkpoint) = await ValidateCoreAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            return new ServiceResult<Checked>.Invalid(errors);
        }

        var destination = checkpoint?.Region ?? community!.Region;
        var trip = request.Trip!.ToEvaluation(destination).ToTrip();
        var first = await evaluations.EvaluateAsync(trip, cancellationToken);
        if (first is not ServiceResult<Evaluation>.Ok evaluated)
        {
            return first.Forward<Checked>();
        }

        var evaluation = evaluated.Value;
        var registration = Timing(evaluation.Policy, trip.ArrivalAt, clock.GetUtcNow(), walkIn);
        if (!FreightRegistration.PreRegistered(registration, hasReceipt: request.Vehicle?.Receipt is not null))
        {
            var refused = await evaluations.EvaluateAsync(trip with { PreRegistered = false }, cancellationToken);
            if (refused is not ServiceResult<Evaluation>.Ok again)
            {
                return refused.Forward<Checked>();
            }

            evaluation = again.Value;
        }

        return new Checked(evaluation, community?.Code, destination, checkpoint?.Code, registration);
    }

    /// <summary>
    /// 准时 / 迟报: on time when made at least the policy's advance period before arrival (Bayannur clause 七: 3 days),
    /// or, under a policy without one, any time before arrival. Made at or after arrival, or a walk-in registered by an
    /// officer: always late (policies.md, Registration timing).
    /// </summary>
    public static RegistrationTiming Timing(Policy policy, DateTimeOffset arrivalAt, DateTimeOffset now, bool walkIn = false) =>
        walkIn || arrivalAt <= now || (policy.AdvanceRegistrationDays is { } days && arrivalAt - now < TimeSpan.FromDays(days))
            ? RegistrationTiming.Late
            : RegistrationTiming.OnTime;

    public static DecisionRecord Record(Guid declarationId, DecisionOccasion occasion, Evaluation evaluation, DateTimeOffset decidedFor, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        DeclarationId = declarationId,
        Occasion = occasion,
        PolicyId = evaluation.Policy.Id,
        PolicyVersion = evaluation.Policy.Version,
        Measure = evaluation.Decision.Measure,
        DecidedFor = decidedFor.ToUniversalTime(),
        DecidedAt = now.ToUniversalTime(),
        InputJson = StoredJson.EngineInput(evaluation.Trip),
        DesignationsJson = StoredJson.Designations(evaluation.Designations),
        DecisionJson = StoredJson.Decision(evaluation.Decision),
    };

    /// <summary>The traveler's view of a declaration whose latest decision is at hand (e.g. the one a scan just recorded).</summary>
    public async Task<DeclarationView> ViewAsync(Declaration declaration, Decision decision, Language language, CancellationToken cancellationToken)
    {
        var group = await db.Declarations.AsNoTracking()
            .Where(d => d.GroupId == declaration.GroupId)
            .OrderBy(d => d.Id)
            .Select(d => new GroupMember(d.Id, d.Code, d.TravelerName))
            .ToListAsync(cancellationToken);
        return await ViewAsync(declaration, decision, group, await HistoryAsync(declaration.Id, cancellationToken), language, cancellationToken);
    }

    /// <summary>
    /// The view of a scanned declaration from what <see cref="LockForScanAsync"/> read with the lock and the decision
    /// <paramref name="record"/> the scan added, without reading the group or the history again. Should the new record
    /// not sort last (a clock behind an earlier decision's), the history is read as <see cref="HistoryAsync"/> orders it.
    /// </summary>
    public async Task<DeclarationView> ViewAsync(LockedDeclaration locked, DecisionRecord record, Decision decision, Language language, CancellationToken cancellationToken)
    {
        var history = locked.History.Count == 0 || locked.History[^1].DecidedAt < record.DecidedAt
            // As PostgreSQL keeps it (and GET answers it): to the microsecond.
            ? [.. locked.History, new DecisionHistoryItem(record.Occasion, record.DecidedAt.AddTicks(-(record.DecidedAt.Ticks % 10)), record.Measure, null, $"{record.PolicyId}@{record.PolicyVersion}")]
            : await HistoryAsync(locked.Declaration.Id, cancellationToken);
        return await ViewAsync(locked.Declaration, decision, locked.Group, history, language, cancellationToken);
    }

    private async Task<DeclarationView> ViewAsync(
        Declaration declaration, Decision decision, IReadOnlyList<GroupMember> group, IReadOnlyList<DecisionHistoryItem> history, Language language, CancellationToken cancellationToken)
    {
        return new DeclarationView(
            declaration.Id,
            declaration.Code,
            declaration.Status,
            new TravelerView(declaration.TravelerName, declaration.IdType, IdentityDocuments.Mask(declaration.IdNumber),
                declaration.Phone is null ? null : IdentityDocuments.MaskPhone(declaration.Phone)),
            declaration.CommunityCode,
            declaration.Destination,
            declaration.Address,
            TripOf(declaration),
            declaration.VehiclePlate is null && declaration.VehicleCompany is null && declaration.ReceiptNumber is null
                ? null
                : new VehicleInput(declaration.VehiclePlate, declaration.VehicleCompany, ReceiptOf(declaration)),
            declaration.Registration,
            EvaluationView.From(decision, language),
            Locked(declaration) is not null,
            declaration.CreatedAt,
            group,
            history,
            await ProgressAsync(declaration, decision, cancellationToken),
            declaration.Transit,
            declaration.EntryCheckpointCode,
            declaration.PersonalDataErasedAt);
    }

    /// <summary>Where the traveler stands today (China time).</summary>
    private async Task<MeasureProgress> ProgressAsync(Declaration declaration, Decision decision, CancellationToken cancellationToken)
    {
        var today = ChinaTime.LocalDate(clock.GetUtcNow());
        var phases = declaration.Status == DeclarationStatus.Cancelled
            ? []
            : decision.Phases.Select(p => new PhaseSpan(p.Measure, p.Start, p.End)).ToList();
        var releasedAt = await releases.ReleasedAtAsync(declaration.Id, cancellationToken);
        return MeasureProgress.On(today, MeasureProgress.HasArrived(today, declaration.ArrivalAt, declaration.FirstScannedAt), phases, releasedAt);
    }

    /// <summary>接收证明 the receipt certificate a declaration carries, if any.</summary>
    public static ReceiptInput? ReceiptOf(Declaration declaration) =>
        declaration.ReceiptNumber is null ? null : new ReceiptInput(declaration.ReceiptCompany, declaration.ReceiptNumber);

    /// <summary>Whether a freight driver's declaration counts as 报备 for clause 九 (on time, or a receipt certificate).</summary>
    public static bool PreRegistered(Declaration declaration) =>
        FreightRegistration.PreRegistered(declaration.Registration, declaration.ReceiptNumber is not null);

    private ServiceResult<T> NotFound<T>() => new ServiceResult<T>.NotFound(t["Declaration.NotFound"]);
}
