using System.Security.Cryptography;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.Declarations;

public sealed record GroupMember(Guid Id, string Code, string Name);

public sealed record SubmittedDeclaration(Guid Id, string Code, EvaluationView Decision, RegistrationTiming Registration, IReadOnlyList<GroupMember> Group);

public sealed record TravelerView(string Name, IdType IdType, string IdNumber, string? Phone);

/// <summary>A declaration as the traveler (and anyone but an exporting admin) sees it: the ID and phone masked.</summary>
public sealed record DeclarationView(
    Guid Id,
    string Code,
    DeclarationStatus Status,
    TravelerView Traveler,
    string Community,
    string Destination,
    string Address,
    TripInput Trip,
    VehicleInput? Vehicle,
    RegistrationTiming Registration,
    EvaluationView Decision,
    bool ReadOnly,
    DateTimeOffset CreatedAt,
    IReadOnlyList<GroupMember> Group);

/// <summary>
/// 报备: travelers register a trip ahead (or an officer registers a walk-in). Each declaration keeps the decision it
/// got with its policy version, inputs, clock and designations; amending before arrival re-decides.
/// </summary>
public sealed class DeclarationService(
    EntryControlDbContext db,
    EvaluationService evaluations,
    FollowUps.FollowUpPlanner followUps,
    Audit.AuditLog audit,
    IValidator<DeclarationRequest> validator,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = Infrastructure.Http.HttpServiceCollectionExtensions.JsonOptions;

    public async Task<ServiceResult<SubmittedDeclaration>> SubmitAsync(DeclarationRequest request, Guid? registeredBy, CancellationToken cancellationToken)
    {
        var checkedRequest = await CheckAsync(request, preRegistered: registeredBy is null, cancellationToken);
        if (checkedRequest is not ServiceResult<(Evaluation, Features.Communities.Community)>.Ok ok)
        {
            return Forward<SubmittedDeclaration>(checkedRequest);
        }

        var (evaluation, community) = ok.Value;
        var now = clock.GetUtcNow();
        var registration = Timing(evaluation.Policy, evaluation.Trip.ArrivalAt, now);
        var groupId = Guid.CreateVersion7();
        var travelers = new List<TravelerInput> { request.Traveler! };
        travelers.AddRange(request.CoTravelers ?? []);
        var declarations = travelers.Select(traveler => new Declaration
        {
            Id = Guid.CreateVersion7(),
            Code = NewCode(),
            GroupId = groupId,
            TravelerName = traveler.Name!.Trim(),
            IdType = IdentityDocuments.ParseType(traveler.IdType)!.Value,
            IdNumber = IdentityDocuments.Normalize(traveler.IdNumber!),
            Phone = string.IsNullOrWhiteSpace(traveler.Phone) ? request.Traveler!.Phone!.Trim() : traveler.Phone.Trim(),
            CommunityCode = community.Code,
            Destination = community.Region,
            Address = request.Address!.Trim(),
            ArrivalAt = evaluation.Trip.ArrivalAt.ToUniversalTime(),
            TripJson = JsonSerializer.Serialize(request.Trip, Json),
            VehiclePlate = request.Vehicle?.Plate?.Trim(),
            VehicleCompany = request.Vehicle?.Company?.Trim(),
            Registration = registration,
            Status = DeclarationStatus.Active,
            RegisteredBy = registeredBy,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        foreach (var declaration in declarations)
        {
            declaration.Decisions.Add(Record(declaration.Id, DecisionOccasion.Declared, evaluation, evaluation.Trip.ArrivalAt, now));
            await followUps.PlanAsync(declaration, evaluation.Decision, isNew: true, cancellationToken);
        }

        db.Declarations.AddRange(declarations);
        await db.SaveChangesAsync(cancellationToken);
        var group = declarations.ConvertAll(d => new GroupMember(d.Id, d.Code, d.TravelerName));
        var first = declarations[0];
        return new SubmittedDeclaration(first.Id, first.Code, View(evaluation.Decision), registration, group);
    }

    public async Task<ServiceResult<DeclarationView>> FindAsync(string code, CancellationToken cancellationToken)
    {
        // The latest decision as a correlated subquery: one probe of the (declaration_id, decided_at) index. A filtered
        // Include(… .Take(1)) becomes ROW_NUMBER() over every decision record of every declaration, which PostgreSQL
        // cannot narrow to this one: a full scan of the table on each read (and on each checkpoint scan).
        var found = await db.Declarations.AsNoTracking()
            .Where(d => d.Code == code)
            .Select(d => new
            {
                Declaration = d,
                DecisionJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecisionJson).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? NotFound<DeclarationView>(code) : await ViewAsync(found.Declaration, found.DecisionJson!, cancellationToken);
    }

    /// <summary>Finds a declaration for someone to look at (the traveler by its code, or staff), and writes that to the audit log.</summary>
    public async Task<ServiceResult<DeclarationView>> OpenAsync(string code, System.Security.Claims.ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        var found = await FindAsync(code, cancellationToken);
        if (found is ServiceResult<DeclarationView>.Ok ok)
        {
            await audit.WriteAsync(viewer, Audit.AuditAction.View, "declaration", ok.Value.Id.ToString(), 1, cancellationToken);
        }

        return found;
    }

    /// <summary>找回: the traveler's active declarations by document number and phone (both must match).</summary>
    public async Task<IReadOnlyList<GroupMember>> FindByTravelerAsync(string? idNumber, string? phone, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idNumber) || string.IsNullOrWhiteSpace(phone))
        {
            return [];
        }

        var number = IdentityDocuments.Normalize(idNumber);
        var mobile = phone.Trim();
        return await db.Declarations.AsNoTracking()
            .Where(d => d.IdNumber == number && d.Phone == mobile && d.Status == DeclarationStatus.Active)
            .OrderByDescending(d => d.ArrivalAt)
            .Select(d => new GroupMember(d.Id, d.Code, d.TravelerName))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Amends the trip before arrival and before any checkpoint scan; the decision is made again.</summary>
    public async Task<ServiceResult<DeclarationView>> AmendAsync(string code, DeclarationRequest request, CancellationToken cancellationToken)
    {
        // The row is locked until the amend is saved, as a scan locks it: an amend and a scan of one declaration are
        // taken one after the other, so an amend never lands after a scan it did not see.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var declaration = await db.Declarations.FromSql($"SELECT * FROM declarations WHERE code = {code} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);
        if (declaration is null)
        {
            return NotFound<DeclarationView>(code);
        }

        if (Locked(declaration) is { } reason)
        {
            return new ServiceResult<DeclarationView>.Conflict(reason);
        }

        var checkedRequest = await CheckAsync(request with { CoTravelers = null }, preRegistered: declaration.RegisteredBy is null, cancellationToken);
        if (checkedRequest is not ServiceResult<(Evaluation, Features.Communities.Community)>.Ok ok)
        {
            return Forward<DeclarationView>(checkedRequest);
        }

        var (evaluation, community) = ok.Value;
        var now = clock.GetUtcNow();
        var traveler = request.Traveler!;
        declaration.TravelerName = traveler.Name!.Trim();
        declaration.IdType = IdentityDocuments.ParseType(traveler.IdType)!.Value;
        declaration.IdNumber = IdentityDocuments.Normalize(traveler.IdNumber!);
        declaration.Phone = traveler.Phone!.Trim();
        declaration.CommunityCode = community.Code;
        declaration.Destination = community.Region;
        declaration.Address = request.Address!.Trim();
        declaration.ArrivalAt = evaluation.Trip.ArrivalAt.ToUniversalTime();
        declaration.TripJson = JsonSerializer.Serialize(request.Trip, Json);
        declaration.VehiclePlate = request.Vehicle?.Plate?.Trim();
        declaration.VehicleCompany = request.Vehicle?.Company?.Trim();
        declaration.Registration = Timing(evaluation.Policy, evaluation.Trip.ArrivalAt, now);
        declaration.UpdatedAt = now;
        db.DecisionRecords.Add(Record(declaration.Id, DecisionOccasion.Amended, evaluation, evaluation.Trip.ArrivalAt, now));
        await followUps.PlanAsync(declaration, evaluation.Decision, isNew: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await FindAsync(code, cancellationToken);
    }

    /// <summary>Amends where and the trip; the traveler's identity stays as declared (the pages never show it unmasked).</summary>
    public async Task<ServiceResult<DeclarationView>> AmendTripAsync(string code, DeclarationRequest request, CancellationToken cancellationToken)
    {
        var stored = await db.Declarations.AsNoTracking().FirstOrDefaultAsync(d => d.Code == code, cancellationToken);
        if (stored is null)
        {
            return NotFound<DeclarationView>(code);
        }

        var traveler = new TravelerInput(stored.TravelerName, IdentityDocuments.Types[(int)stored.IdType], stored.IdNumber, stored.Phone);
        return await AmendAsync(code, request with { Traveler = traveler }, cancellationToken);
    }

    public async Task<ServiceResult<string>> CancelAsync(string code, CancellationToken cancellationToken)
    {
        // Locked as in AmendAsync: a cancel and a scan of one declaration never both succeed.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var declaration = await db.Declarations.FromSql($"SELECT * FROM declarations WHERE code = {code} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);
        if (declaration is null)
        {
            return NotFound<string>(code);
        }

        if (Locked(declaration) is { } reason)
        {
            return new ServiceResult<string>.Conflict(reason);
        }

        declaration.Status = DeclarationStatus.Cancelled;
        declaration.UpdatedAt = clock.GetUtcNow();
        await followUps.PlanAsync(declaration, decision: null, isNew: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return code;
    }

    public Task<bool> ExistsAsync(string code, CancellationToken cancellationToken) =>
        db.Declarations.AnyAsync(d => d.Code == code, cancellationToken);

    private string? Locked(Declaration declaration) =>
        declaration.Status == DeclarationStatus.Cancelled ? t["Declaration.AlreadyCancelled"].Value
        : declaration.FirstScannedAt is not null ? t["Declaration.AlreadyScanned"].Value
        : declaration.ArrivalAt <= clock.GetUtcNow() ? t["Declaration.AlreadyArrived"].Value
        : null;

    /// <summary>Every field error of a declaration (empty when it can be submitted), keyed as the API names fields.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(DeclarationRequest request, CancellationToken cancellationToken) =>
        (await ValidateCoreAsync(request, cancellationToken)).Errors;

    private async Task<(Dictionary<string, string[]> Errors, Features.Communities.Community? Community)> ValidateCoreAsync(
        DeclarationRequest request, CancellationToken cancellationToken)
    {
        var errors = (await validator.ValidateAsync(request, cancellationToken)).ToErrorDictionary();
        var community = string.IsNullOrWhiteSpace(request.Community)
            ? null
            : await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == request.Community.Trim(), cancellationToken);
        if (!string.IsNullOrWhiteSpace(request.Community) && community is null)
        {
            errors["community"] = [t["Declaration.CommunityUnknown"]];
        }

        if (request.Trip is { } trip)
        {
            var tripErrors = await evaluations.ValidateAsync(trip.ToEvaluation(community?.Region ?? "150000"), cancellationToken);
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

        return (errors, community);
    }

    /// <summary>Validates the request, then decides it: the community's county is the destination.</summary>
    private async Task<ServiceResult<(Evaluation, Features.Communities.Community)>> CheckAsync(DeclarationRequest request, bool preRegistered, CancellationToken cancellationToken)
    {
        var (errors, community) = await ValidateCoreAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            return new ServiceResult<(Evaluation, Features.Communities.Community)>.Invalid(errors);
        }

        var evaluated = await evaluations.EvaluateAsync(request.Trip!.ToEvaluation(community!.Region, preRegistered).ToTrip(), cancellationToken);
        return evaluated switch
        {
            ServiceResult<Evaluation>.Ok ok => (ok.Value, community),
            ServiceResult<Evaluation>.Unprocessable none => new ServiceResult<(Evaluation, Features.Communities.Community)>.Unprocessable(none.Detail),
            _ => throw new InvalidOperationException("A validated trip could not be evaluated."),
        };
    }

    /// <summary>准时 / 迟报: on time when made at least the policy's advance period before arrival (Bayannur clause 七: 3 days).</summary>
    public static RegistrationTiming Timing(Policy policy, DateTimeOffset arrivalAt, DateTimeOffset now) =>
        policy.AdvanceRegistrationDays is { } days && arrivalAt - now < TimeSpan.FromDays(days)
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
        InputJson = JsonSerializer.Serialize(evaluation.Trip, Json),
        DesignationsJson = JsonSerializer.Serialize(evaluation.Designations, Json),
        DecisionJson = JsonSerializer.Serialize(evaluation.Decision, Json),
    };

    private Task<DeclarationView> ViewAsync(Declaration declaration, string decisionJson, CancellationToken cancellationToken) =>
        ViewAsync(declaration, JsonSerializer.Deserialize<Decision>(decisionJson, Json)!, cancellationToken);

    /// <summary>The traveler's view of a declaration whose latest decision is at hand (e.g. the one a scan just recorded).</summary>
    public async Task<DeclarationView> ViewAsync(Declaration declaration, Decision decision, CancellationToken cancellationToken)
    {
        var group = await db.Declarations.AsNoTracking()
            .Where(d => d.GroupId == declaration.GroupId)
            .OrderBy(d => d.Id)
            .Select(d => new GroupMember(d.Id, d.Code, d.TravelerName))
            .ToListAsync(cancellationToken);
        return new DeclarationView(
            declaration.Id,
            declaration.Code,
            declaration.Status,
            new TravelerView(declaration.TravelerName, declaration.IdType, IdentityDocuments.Mask(declaration.IdNumber),
                declaration.Phone is null ? null : IdentityDocuments.MaskPhone(declaration.Phone)),
            declaration.CommunityCode,
            declaration.Destination,
            declaration.Address,
            JsonSerializer.Deserialize<TripInput>(declaration.TripJson, Json)!,
            declaration.VehiclePlate is null && declaration.VehicleCompany is null ? null : new VehicleInput(declaration.VehiclePlate, declaration.VehicleCompany),
            declaration.Registration,
            View(decision),
            Locked(declaration) is not null,
            declaration.CreatedAt,
            group);
    }

    private static EvaluationView View(Decision decision) => EvaluationView.From(decision, EvaluationEndpoints.WantsEnglish());

    private ServiceResult<T> NotFound<T>(string code) => new ServiceResult<T>.NotFound(t["Declaration.NotFound"]);

    private static ServiceResult<T> Forward<T>(ServiceResult<(Evaluation, Features.Communities.Community)> failure) => failure switch
    {
        ServiceResult<(Evaluation, Features.Communities.Community)>.Invalid invalid => new ServiceResult<T>.Invalid(invalid.Errors),
        ServiceResult<(Evaluation, Features.Communities.Community)>.Unprocessable none => new ServiceResult<T>.Unprocessable(none.Detail),
        _ => throw new InvalidOperationException($"Unexpected {failure.GetType().Name}."),
    };

    /// <summary>128 random bits, base64url: a code cannot be guessed or enumerated.</summary>
    private static string NewCode() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

}
