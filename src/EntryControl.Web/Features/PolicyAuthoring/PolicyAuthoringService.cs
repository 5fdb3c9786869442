using System.Globalization;
using System.Security.Claims;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.PolicyAuthoring;

/// <summary><c>POST /api/v1/policies</c>'s answer: the draft stored.</summary>
public sealed record PolicyDraftView(string Id, int Version, string Status);

/// <summary>A draft waiting for its publisher (the admin pages' list).</summary>
public sealed record PolicyDraftListItem(string Id, int Version, string? CreatedBy, Guid? CreatedById, DateTimeOffset CreatedAt);

/// <summary>One row of <c>GET /api/v1/policies/{id}/versions</c>.</summary>
public sealed record PolicyVersionView(int Version, string Status, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string? CreatedBy, string? PublishedBy, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt);

/// <summary><c>POST …/publish</c> and <c>POST …/impact</c>: the first day the version is (would be) in force.</summary>
public sealed record PublishRequest(string? EffectiveFrom);

/// <summary>A published version, and the registry change that re-decides the declarations it may decide differently.</summary>
public sealed record PublishedView(string Id, int Version, string Status, DateOnly EffectiveFrom, DateOnly? EffectiveTo, Guid RegistryChange);

/// <summary>
/// 政策发布: admins upload a policy version as a draft (checked by the strict loader in the context of the catalogue,
/// and by its own worked cases), see what it changes and whom it would concern, and another admin publishes it. A
/// publication ends the version in force the day before, is committed with its registry change (the re-evaluation
/// decides the concerned declarations again) and its audit entry, and every instance switches to the new catalogue.
/// </summary>
public sealed class PolicyAuthoringService(
    EntryControlDbContext db,
    PolicyCatalogHolder holder,
    ReevaluationService reevaluation,
    IEnumerable<IRegistryChangeListener> listeners,
    AuditLog audit,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock)
{
    /// <summary>The largest policy file accepted (the shipped ones are under 40 kB).</summary>
    public const int MaxLength = 512 * 1024;

    private const string UploadName = "upload";

    public async Task<ServiceResult<PolicyDraftView>> UploadAsync(ClaimsPrincipal user, string? json, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return ServiceResult.Invalid<PolicyDraftView>("policy", t["PolicyAuthoring.Empty"]);
        }

        if (json.Length > MaxLength)
        {
            return ServiceResult.Invalid<PolicyDraftView>("policy", t["PolicyAuthoring.TooLong", MaxLength / 1024]);
        }

        if (!InputText.IsAcceptable(json))
        {
            return ServiceResult.Invalid<PolicyDraftView>("policy", t["PolicyAuthoring.BadText"]);
        }

        var rows = await db.PolicyDocuments.AsNoTracking().ToListAsync(cancellationToken);
        var checkedDraft = Check(json, rows);
        if (checkedDraft.Errors.Count > 0)
        {
            return new ServiceResult<PolicyDraftView>.Invalid(checkedDraft.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        var policy = checkedDraft.Policy!;
        var now = clock.GetUtcNow().ToUniversalTime();
        var row = new PolicyDocument
        {
            Id = Guid.CreateVersion7(),
            PolicyId = policy.Id,
            Version = policy.Version,
            Json = json,
            Status = PolicyDocumentStatus.Draft,
            EffectiveFrom = policy.EffectiveFrom,
            EffectiveTo = policy.EffectiveTo,
            CreatedBy = user.StaffId(),
            CreatedByEmail = Email(user),
            CreatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PolicyDocuments.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another admin uploaded this version number a moment ago.
            return new ServiceResult<PolicyDraftView>.Conflict(t["PolicyAuthoring.VersionTaken", policy.Id, policy.Version]);
        }

        await audit.WriteAsync(user, AuditAction.Upload, "policy", PolicyVersionPublisher.VersionName(policy.Id, policy.Version), 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PolicyDraftView(policy.Id, policy.Version, "draft");
    }

    /// <summary>Every version of a policy, drafts included, oldest first.</summary>
    public async Task<ServiceResult<IReadOnlyList<PolicyVersionView>>> VersionsAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await db.PolicyDocuments.AsNoTracking().Where(d => d.PolicyId == id).OrderBy(d => d.Version).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new ServiceResult<IReadOnlyList<PolicyVersionView>>.NotFound(t["Policies.NotFound", id]);
        }

        return rows.ConvertAll(r => new PolicyVersionView(r.Version, StatusName(r.Status), r.EffectiveFrom, r.EffectiveTo, r.CreatedByEmail, r.PublishedByEmail, r.CreatedAt, r.PublishedAt));
    }

    /// <summary>The drafts waiting to be published (of one policy when <paramref name="policyId"/> is given), newest first.</summary>
    public async Task<IReadOnlyList<PolicyDraftListItem>> DraftsAsync(string? policyId, CancellationToken cancellationToken) =>
        await db.PolicyDocuments.AsNoTracking()
            .Where(d => d.Status == PolicyDocumentStatus.Draft && (policyId == null || d.PolicyId == policyId))
            .OrderByDescending(d => d.CreatedAt)
            .Select(d => new PolicyDraftListItem(d.PolicyId, d.Version, d.CreatedByEmail, d.CreatedBy, d.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The stored text of one version (the guided editor starts from it).</summary>
    public async Task<string?> JsonAsync(string id, int version, CancellationToken cancellationToken) =>
        await db.PolicyDocuments.AsNoTracking().Where(d => d.PolicyId == id && d.Version == version).Select(d => d.Json).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Publishes a draft from <see cref="PublishRequest.EffectiveFrom"/> (today or later, China time). The caller must
    /// not be its author. One publication at a time (an advisory lock), so two cannot end the same version.
    /// </summary>
    public async Task<ServiceResult<PublishedView>> PublishAsync(ClaimsPrincipal user, string id, int version, PublishRequest request, CancellationToken cancellationToken)
    {
        var parsed = EffectiveFrom(request);
        if (parsed is not ServiceResult<DateOnly>.Ok { Value: var from })
        {
            return parsed.Forward<PublishedView>();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('policy_documents'))", cancellationToken);
        var rows = await db.PolicyDocuments.ToListAsync(cancellationToken);
        if (rows.Find(r => r.PolicyId == id && r.Version == version) is not { } draft)
        {
            return new ServiceResult<PublishedView>.NotFound(t["PolicyAuthoring.NoVersion", id, version]);
        }

        if (draft.Status != PolicyDocumentStatus.Draft)
        {
            return new ServiceResult<PublishedView>.Conflict(t["PolicyAuthoring.NotDraft", id, version, t["PolicyAuthoring.Status." + StatusName(draft.Status)]]);
        }

        if (draft.CreatedBy is { } author && author == user.StaffId())
        {
            return new ServiceResult<PublishedView>.Forbidden(t["PolicyAuthoring.FourEyes"]);
        }

        if (draft.EffectiveTo is { } end && end < from)
        {
            return ServiceResult.Invalid<PublishedView>("effectiveFrom", t["PolicyAuthoring.AfterEnd", IsoDates.Format(end)]);
        }

        Succeed(rows.Where(r => r.PolicyId == id && r.Status == PolicyDocumentStatus.Published), from);
        draft.Status = PolicyDocumentStatus.Published;
        draft.EffectiveFrom = from;
        draft.PublishedBy = user.StaffId();
        draft.PublishedByEmail = Email(user);
        var now = clock.GetUtcNow().ToUniversalTime();
        draft.PublishedAt = now;

        PolicyCatalog catalog;
        try
        {
            catalog = PolicyCatalog.Load(rows.Where(r => r.Status != PolicyDocumentStatus.Draft).Select(r => r.ToSource()));
        }
        catch (PolicyLoadException e)
        {
            db.ChangeTracker.Clear();
            return new ServiceResult<PublishedView>.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["effectiveFrom"] = [.. e.Problems] });
        }

        if (Failing(catalog.Find(id, version)!) is { Count: > 0 } failing)
        {
            db.ChangeTracker.Clear();
            return new ServiceResult<PublishedView>.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["cases"] = [.. failing] });
        }

        var name = PolicyVersionPublisher.VersionName(id, version);
        var change = new RegistryChange
        {
            Id = Guid.CreateVersion7(),
            Kind = RegistryChangeKind.PolicyVersion,
            PolicyVersion = name,
            BeforeJson = "[]",
            AfterJson = "[]",
            Status = RegistryChangeStatus.Pending,
            CreatedBy = user.StaffId(),
            CreatedAt = now,
        };
        db.RegistryChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        // The start-up's record of versions seen in force: an instance starting later has nothing to correct.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO policy_versions (policy_id, version, published_at) VALUES ({id}, {version}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        await audit.WriteAsync(user, AuditAction.Publish, "policy", $"{name} from {IsoDates.Format(from)}", 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await holder.PublishedAsync(catalog, cancellationToken);
        foreach (var listener in listeners)
        {
            await listener.ChangeCommittedAsync(change.Id, cancellationToken);
        }

        return new PublishedView(id, version, "published", from, draft.EffectiveTo, change.Id);
    }

    /// <summary>What publishing a draft from <see cref="PublishRequest.EffectiveFrom"/> (default today) would do to current declarations.</summary>
    public async Task<ServiceResult<ImpactView>> ImpactAsync(string id, int version, PublishRequest request, CancellationToken cancellationToken)
    {
        var parsed = EffectiveFrom(request with { EffectiveFrom = string.IsNullOrWhiteSpace(request.EffectiveFrom) ? IsoDates.Format(Today) : request.EffectiveFrom });
        if (parsed is not ServiceResult<DateOnly>.Ok { Value: var from })
        {
            return parsed.Forward<ImpactView>();
        }

        var rows = await db.PolicyDocuments.AsNoTracking().ToListAsync(cancellationToken);
        if (rows.Find(r => r.PolicyId == id && r.Version == version) is not { } draft)
        {
            return new ServiceResult<ImpactView>.NotFound(t["PolicyAuthoring.NoVersion", id, version]);
        }

        if (draft.Status != PolicyDocumentStatus.Draft)
        {
            return new ServiceResult<ImpactView>.Conflict(t["PolicyAuthoring.NotDraft", id, version, t["PolicyAuthoring.Status." + StatusName(draft.Status)]]);
        }

        if (Hypothetical(rows, draft, from) is not { } catalog)
        {
            return ServiceResult.Invalid<ImpactView>("effectiveFrom", t["PolicyAuthoring.DoesNotLoad"]);
        }

        return await reevaluation.PreviewPolicyVersionAsync((id, version), catalog, cancellationToken);
    }

    /// <summary>
    /// A version and the one it is compared with: for a draft, the version of its policy in force today (else the
    /// newest published); for a published version, the one it followed. Null when the version does not exist.
    /// </summary>
    public async Task<(Policy Version, Policy? Base)?> ComparedAsync(string id, int version, CancellationToken cancellationToken)
    {
        var rows = await db.PolicyDocuments.AsNoTracking().ToListAsync(cancellationToken);
        if (rows.Find(r => r.PolicyId == id && r.Version == version) is not { } row)
        {
            return null;
        }

        var current = holder.Current;
        if (row.Status != PolicyDocumentStatus.Draft)
        {
            if (current.Find(id, version) is not { } published)
            {
                return null;
            }

            var previous = current.Policies.Where(p => p.Id == id && p.Version < version && !p.Superseded).MaxBy(p => p.Version)
                ?? current.Policies.Where(p => p.Id == id && p.Version < version).MaxBy(p => p.Version);
            return (published, previous);
        }

        var today = Today;
        var inForce = current.Policies.FirstOrDefault(p => p.Id == id && !p.Superseded && p.IsInForceOn(today)) ?? current.Find(id);
        var from = row.EffectiveFrom > today ? row.EffectiveFrom : today;
        return Hypothetical(rows, row, from)?.Find(id, version) is { } compiled ? (compiled, inForce) : null;
    }

    private DateOnly Today => ChinaTime.LocalDate(clock.GetUtcNow());

    private ServiceResult<DateOnly> EffectiveFrom(PublishRequest request)
    {
        if (!IsoDates.TryParseDate(request.EffectiveFrom?.Trim(), out var from))
        {
            return ServiceResult.Invalid<DateOnly>("effectiveFrom", t["PolicyAuthoring.EffectiveFrom"]);
        }

        if (from < Today)
        {
            return ServiceResult.Invalid<DateOnly>("effectiveFrom", t["PolicyAuthoring.EffectiveFromPast", IsoDates.Format(Today)]);
        }

        return from;
    }

    /// <summary>Policy succession: a published version still in force on <paramref name="from"/> ends the day before, or is superseded whole when it would start after it ends.</summary>
    private static void Succeed(IEnumerable<PolicyDocument> published, DateOnly from)
    {
        foreach (var row in published)
        {
            if (row.EffectiveTo is { } end && end < from)
            {
                continue;
            }

            if (row.EffectiveFrom >= from)
            {
                row.Status = PolicyDocumentStatus.Superseded;
            }
            else
            {
                row.EffectiveTo = from.AddDays(-1);
            }
        }
    }

    /// <summary>The catalogue as publishing <paramref name="draft"/> from <paramref name="from"/> would leave it, or null when it would not load.</summary>
    private static PolicyCatalog? Hypothetical(IReadOnlyList<PolicyDocument> rows, PolicyDocument draft, DateOnly from)
    {
        try
        {
            return PolicyCatalog.Load(Sources(rows, draft.PolicyId, from, draft.Json, UploadName));
        }
        catch (PolicyLoadException)
        {
            return null;
        }
    }

    /// <summary>The published catalogue's files with a draft's policy succeeded from <paramref name="from"/> and the draft published.</summary>
    private static IEnumerable<PolicySource> Sources(IEnumerable<PolicyDocument> rows, string id, DateOnly from, string json, string name)
    {
        var copies = rows.Where(r => r.Status != PolicyDocumentStatus.Draft).Select(Copy).ToList();
        Succeed(copies.Where(r => r.PolicyId == id && r.Status == PolicyDocumentStatus.Published), from);
        return [.. copies.Select(r => r.ToSource()), new PolicySource(name, PolicyDocuments.WithPublication(json, false, from, EffectiveToOf(json)))];
    }

    private static DateOnly? EffectiveToOf(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("effectiveTo", out var to) && to.ValueKind == System.Text.Json.JsonValueKind.String
                && DateOnly.TryParseExact(to.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record CheckedDraft(Policy? Policy, Dictionary<string, List<string>> Errors);

    /// <summary>The strict loader's problems, the version number, and every worked case: all of them, by name.</summary>
    private CheckedDraft Check(string json, IReadOnlyList<PolicyDocument> rows)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        var (id, version, from) = PolicyDocuments.Peek(json);
        if (id is not null && version is { } v)
        {
            var next = (rows.Where(r => r.PolicyId == id).Max(r => (int?)r.Version) ?? 0) + 1;
            if (v != next)
            {
                Add("version", t["PolicyAuthoring.NextVersion", id, next, v]);
            }
        }

        // The draft's own first day decides which version it follows (its own dates are checked by the loader).
        var sources = id is not null && from is { } start
            ? Sources(rows, id, start, json, UploadName)
            : [.. rows.Where(r => r.Status != PolicyDocumentStatus.Draft).Select(r => r.ToSource()), new PolicySource(UploadName, json)];
        Policy? policy = null;
        try
        {
            var catalog = PolicyCatalog.Load(sources);
            policy = catalog.Find(id!, version!.Value);
        }
        catch (PolicyLoadException e)
        {
            foreach (var problem in e.Problems)
            {
                Add("policy", problem);
            }
        }

        if (policy is not null)
        {
            if (policy.Cases.Count == 0)
            {
                Add("cases", t["PolicyAuthoring.NoCases"]);
            }

            foreach (var failure in Failing(policy))
            {
                Add("cases", failure);
            }
        }

        return new CheckedDraft(errors.Count == 0 ? policy : null, errors);
    }

    private List<string> Failing(Policy policy) =>
        [.. PolicyCases.Failing(policy).Select(f => t["PolicyAuthoring.CaseFails", f.Name, f.Expected.TrimEnd(), f.Actual.TrimEnd()].Value)];

    private static PolicyDocument Copy(PolicyDocument r) => new()
    {
        Id = r.Id,
        PolicyId = r.PolicyId,
        Version = r.Version,
        Json = r.Json,
        Status = r.Status,
        EffectiveFrom = r.EffectiveFrom,
        EffectiveTo = r.EffectiveTo,
    };

    public static string StatusName(PolicyDocumentStatus status) => status switch
    {
        PolicyDocumentStatus.Draft => "draft",
        PolicyDocumentStatus.Published => "published",
        _ => "superseded",
    };

    private static string? Email(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name;
}
