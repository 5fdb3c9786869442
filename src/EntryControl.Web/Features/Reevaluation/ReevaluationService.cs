using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Declarations.Storage;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Telemetry;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Reevaluation;

/// <summary><c>POST /api/v1/risk-areas/impact</c>: a registry write to preview (api.md, Re-evaluation).</summary>
public sealed record ImpactRequest(string? Change, Guid? Id, RiskAreaInput? RiskArea);

public sealed record Transition(Measure From, Measure To, int Count);

public sealed record CommunityCount(string? Community, int Count);

public sealed record ImpactSample(Guid DeclarationId, string TravelerName, string? Community, Measure From, Measure To);

/// <summary>What a registry write would do: candidates, how many change measure, the transitions, per community, a sample.</summary>
public sealed record ImpactView(int Candidates, int Changed, IReadOnlyList<Transition> Transitions, IReadOnlyList<CommunityCount> ByCommunity, IReadOnlyList<ImpactSample> Sample);

/// <summary>A registry change's progress; <see cref="Cause"/> names the policy version for a policy correction.</summary>
public sealed record RegistryChangeView(
    Guid Id,
    RegistryChangeKind Kind,
    ChangeCause? Cause,
    RegistryChangeStatus Status,
    int Candidates,
    int Processed,
    int Changed,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static RegistryChangeView Of(RegistryChange c) => new(c.Id, c.Kind, c.PolicyVersion is { } v ? new ChangeCause(v) : null, c.Status, c.Candidates, c.Processed, c.Changed, c.CreatedAt, c.FinishedAt);
}

/// <summary><c>{ "policyVersion": "bayannur-2022-71@2" }</c> (api.md, Policy authoring).</summary>
public sealed record ChangeCause(string PolicyVersion);

public sealed class ReevaluationOptions
{
    public const string Section = "Reevaluation";

    /// <summary>Declarations re-decided per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How many travelers the preview names.</summary>
    public int SampleSize { get; set; } = 20;
}

/// <summary>
/// 协查: finds the declarations a designation concerns (their stays, by index), previews what a registry write would
/// do to them, and re-decides them after a committed write, in batches that survive a restart.
/// </summary>
public sealed class ReevaluationService(
    EntryControlDbContext db,
    DeclarationService declarations,
    AlertService alerts,
    DesignationRegistry registry,
    PolicyCatalog policies,
    IValidator<RiskAreaInput> riskAreaValidator,
    IOptions<ReevaluationOptions> options,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock,
    PortalMetrics metrics)
{
    /// <summary>
    /// How far back an arrival can lie and its measure still matter today: the longest look-back plus the longest
    /// measure any policy of the catalogue can give (so a decision about an older arrival cannot reach today).
    /// </summary>
    public int ReachDays { get; } = ReachOf(policies);

    /// <summary>
    /// Active declarations with a stay in a designation's county that ends on or after its first day (and, for a
    /// designation with an end, starts on or before it), arriving recently enough to matter: one range scan of the
    /// stays' (region, to) index per designation.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CandidatesAsync(IEnumerable<RiskDesignation> designations, CancellationToken cancellationToken)
    {
        var horizon = clock.GetUtcNow().AddDays(-ReachDays).ToUniversalTime();
        var active = nameof(DeclarationStatus.Active);
        var found = new HashSet<Guid>();
        foreach (var d in designations.DistinctBy(d => (d.Region, d.From, d.To)))
        {
            var to = d.To ?? DateOnly.MaxValue;
            // The county is sent as text; cast to the column's character(6), or PostgreSQL compares region::text and
            // cannot use the (region, to_date) index: a sequential scan of every stay.
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT DISTINCT s.declaration_id AS "Value"
                FROM declaration_stays s JOIN declarations d ON d.id = s.declaration_id
                WHERE s.region = CAST({d.Region} AS character(6)) AND s.to_date >= {d.From} AND s.from_date <= {to}
                  AND d.status = {active} AND d.arrival_at >= {horizon}
                """).ToListAsync(cancellationToken);
            found.UnionWith(ids);
        }

        return [.. found.Order()];
    }

    /// <summary>
    /// Active declarations, arriving recently enough to matter, whose latest decision was made under an older version
    /// of the policy: a new version is a corrected reading, and they are the ones it may decide differently.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> CandidatesAsync((string Id, int Version) policy, CancellationToken cancellationToken)
    {
        var horizon = clock.GetUtcNow().AddDays(-ReachDays).ToUniversalTime();
        var active = nameof(DeclarationStatus.Active);
        // The latest decision per declaration by the (declaration_id, decided_at) index, one probe each.
        return await db.Database.SqlQuery<Guid>($"""
            SELECT d.id AS "Value"
            FROM declarations d
            CROSS JOIN LATERAL (
                SELECT r.policy_id, r.policy_version FROM decision_records r
                WHERE r.declaration_id = d.id ORDER BY r.decided_at DESC, r.id DESC LIMIT 1) latest
            WHERE d.status = {active} AND d.arrival_at >= {horizon}
              AND latest.policy_id = {policy.Id} AND latest.policy_version < {policy.Version}
            ORDER BY d.id
            """).ToListAsync(cancellationToken);
    }

    /// <summary>What a create, update or delete of a designation would do, persisting nothing.</summary>
    public async Task<ServiceResult<ImpactView>> PreviewAsync(ImpactRequest request, CancellationToken cancellationToken)
    {
        var change = request.Change?.Trim();
        if (change is not ("create" or "update" or "delete"))
        {
            return ServiceResult.Invalid<ImpactView>("change", t["Reevaluation.Change"]);
        }

        if (change is "create" or "update")
        {
            if (request.RiskArea is null)
            {
                return ServiceResult.Invalid<ImpactView>("riskArea", t["Reevaluation.RiskAreaRequired"]);
            }

            var validation = await riskAreaValidator.ValidateAsync(request.RiskArea, cancellationToken);
            if (!validation.IsValid)
            {
                return new ServiceResult<ImpactView>.Invalid(validation.ToErrorDictionary().ToDictionary(e => "riskArea." + e.Key, e => e.Value, StringComparer.Ordinal));
            }
        }

        RiskDesignation? before = null;
        if (change is "update" or "delete")
        {
            if (request.Id is not { } id)
            {
                return ServiceResult.Invalid<ImpactView>("id", t["Reevaluation.IdRequired"]);
            }

            if (await db.RiskAreas.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } existing)
            {
                return new ServiceResult<ImpactView>.NotFound(t["RiskAreas.NotFound"]);
            }

            before = existing.ToDesignation();
        }

        RiskDesignation? after = request.RiskArea is { } input && change != "delete" ? RiskAreaService.DesignationOf(input) : null;
        return await ImpactAsync([.. new[] { before }.OfType<RiskDesignation>()], [.. new[] { after }.OfType<RiskDesignation>()], cancellationToken);
    }

    /// <summary>What importing these designations would do (the CSV import's preview).</summary>
    public Task<ImpactView> PreviewAddingAsync(IReadOnlyList<RiskDesignation> added, CancellationToken cancellationToken) =>
        ImpactAsync([], added, cancellationToken);

    private async Task<ImpactView> ImpactAsync(IReadOnlyList<RiskDesignation> before, IReadOnlyList<RiskDesignation> after, CancellationToken cancellationToken)
    {
        RiskDesignation[] touched = [.. before, .. after];
        var candidates = await CandidatesAsync(touched, cancellationToken);

        // The registry as the write would leave it: the touched counties' designations, the old one out, the new one in.
        var current = await registry.CurrentAsync(cancellationToken);
        var hypothetical = current;
        foreach (var region in touched.Select(d => d.Region).Distinct(StringComparer.Ordinal))
        {
            // The touched county as the database holds it now (this instance's snapshot may not have another's write yet).
            var designations = (await db.RiskAreas.AsNoTracking().Where(r => r.Region == region).ToListAsync(cancellationToken))
                .ConvertAll(r => r.ToDesignation());
            foreach (var old in before.Where(d => d.Region == region))
            {
                designations.Remove(old);
            }

            designations.AddRange(after.Where(d => d.Region == region));

            hypothetical = hypothetical.WithRegion(region, designations);
        }

        return await SummarizeAsync(candidates, hypothetical, policies, cancellationToken);
    }

    /// <summary>
    /// What publishing a policy version would do: the declarations decided under an older version of the policy
    /// (the candidates of a policy version, as after the publication),
    /// decided again with <paramref name="catalog"/>, the catalogue as the publication would leave it.
    /// </summary>
    public async Task<ImpactView> PreviewPolicyVersionAsync((string Id, int Version) policy, PolicyCatalog catalog, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(policy, cancellationToken);
        return await SummarizeAsync(candidates, await registry.CurrentAsync(cancellationToken), catalog, cancellationToken);
    }

    private async Task<ImpactView> SummarizeAsync(IReadOnlyList<Guid> candidates, DesignationIndex hypothetical, PolicyCatalog catalog, CancellationToken cancellationToken)
    {
        var changes = new List<(Guid Id, string? Community, string Name, Measure From, Measure To)>();
        foreach (var chunk in candidates.Chunk(1000))
        {
            // The latest decision's two columns as two scalar subqueries, each one probe of the (declaration_id,
            // decided_at) index. Projected as one object with FirstOrDefault, EF Core joins ROW_NUMBER() over every
            // decision record instead (3.5 s per chunk at 1,000,000 declarations; see docs/benchmarks.md).
            var latest = await db.Declarations.AsNoTracking()
                .Where(d => chunk.Contains(d.Id))
                .Select(d => new
                {
                    d.Id,
                    d.CommunityCode,
                    d.TravelerName,
                    InputJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.InputJson).FirstOrDefault(),
                    DecisionJson = d.Decisions.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Select(r => r.DecisionJson).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken);
            foreach (var row in latest.Where(r => r.InputJson is not null && r.DecisionJson is not null))
            {
                var trip = StoredJson.ReadEngineInput(row.InputJson!);
                if (catalog.Select(trip.Destination, ChinaTime.LocalDate(trip.ArrivalAt)) is not { } policy)
                {
                    continue;
                }

                var was = StoredJson.ReadDecision(row.DecisionJson!);
                var would = PolicyEvaluator.Evaluate(trip, hypothetical, policy);
                if (new Redecision(row.Id, row.CommunityCode, was, would).Changed)
                {
                    changes.Add((row.Id, row.CommunityCode, row.TravelerName, was.Measure, would.Measure));
                }
            }
        }

        return new ImpactView(
            candidates.Count,
            changes.Count,
            [.. changes.GroupBy(c => (c.From, c.To)).Select(g => new Transition(g.Key.From, g.Key.To, g.Count())).OrderByDescending(x => x.Count)],
            [.. changes.GroupBy(c => c.Community).Select(g => new CommunityCount(g.Key, g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Community, StringComparer.Ordinal)],
            [.. changes.Take(options.Value.SampleSize).Select(c => new ImpactSample(c.Id, MaskName(c.Name), c.Community, c.From, c.To))]);
    }

    /// <summary>
    /// Re-decides every declaration a committed registry change concerns, a batch per transaction with the change's
    /// counters, so a restart resumes where it stopped and a second run (or a second instance) re-decides no one twice.
    /// </summary>
    public async Task ProcessAsync(Guid changeId, CancellationToken cancellationToken)
    {
        if (await db.RegistryChanges.FirstOrDefaultAsync(c => c.Id == changeId, cancellationToken) is not { } change
            || change.Status == RegistryChangeStatus.Done)
        {
            return;
        }

        // This instance may not have seen the write (another instance committed it): decide against the registry as the
        // database holds it now.
        registry.Invalidate();
        change.Status = RegistryChangeStatus.Running;
        change.StartedAt ??= clock.GetUtcNow().ToUniversalTime();
        var candidates = change.PolicyVersion is { } policyVersion
            ? await CandidatesAsync(PolicyVersionPublisher.ParseVersionName(policyVersion), cancellationToken)
            : await CandidatesAsync(RegistryChangeJson.Read(change.BeforeJson).Concat(RegistryChangeJson.Read(change.AfterJson)), cancellationToken);
        // Candidates found on a later run (a declaration made since) only add to the count.
        change.Candidates = Math.Max(change.Candidates, candidates.Count);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var done = 0;
        foreach (var batch in candidates.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var changed = 0;
            var redecided = 0;
            foreach (var reevaluation in await declarations.ReevaluateAsync(batch, changeId, cancellationToken))
            {
                redecided++;
                if (reevaluation.Changed)
                {
                    alerts.Raise(reevaluation.DeclarationId, reevaluation.CommunityCode, AlertKind.MeasureChanged);
                    changed++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            done += batch.Length;
            // In the batch's transaction: the counters move exactly when its re-decisions are committed.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE registry_changes SET processed = GREATEST(processed, {done}), changed = changed + {changed} WHERE id = {changeId}",
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            metrics.Redecided(changed, redecided - changed);
            db.ChangeTracker.Clear();
        }

        await db.Database.ExecuteSqlAsync(
            $"UPDATE registry_changes SET status = {nameof(RegistryChangeStatus.Done)}, finished_at = {clock.GetUtcNow().ToUniversalTime()} WHERE id = {changeId}",
            cancellationToken);
    }

    public async Task<ServiceResult<RegistryChangeView>> FindChangeAsync(Guid id, CancellationToken cancellationToken) =>
        await db.RegistryChanges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } change
            ? RegistryChangeView.Of(change)
            : new ServiceResult<RegistryChangeView>.NotFound(t["Reevaluation.NoChange"]);

    public async Task<IReadOnlyList<RegistryChangeView>> ListChangesAsync(int page, CancellationToken cancellationToken)
    {
        const int pageSize = 50;
        var rows = await db.RegistryChanges.AsNoTracking()
            .OrderByDescending(c => c.CreatedAt)
            .Skip((Math.Clamp(page, 1, 10_000) - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(RegistryChangeView.Of);
    }

    /// <summary>Changes not finished: the ones whose work the sweep must (re)schedule.</summary>
    public async Task<IReadOnlyList<Guid>> UnfinishedAsync(CancellationToken cancellationToken) =>
        await db.RegistryChanges.AsNoTracking()
            .Where(c => c.Status == RegistryChangeStatus.Pending || c.Status == RegistryChangeStatus.Running)
            .OrderBy(c => c.CreatedAt).Select(c => c.Id).Take(100)
            .ToListAsync(cancellationToken);

    /// <summary>张三 → 张*, Anna Müller → A*.</summary>
    private static string MaskName(string name) => name.Length <= 1 ? name : name[0] + "*";

    /// <summary>The <see cref="ReachDays"/> of a policy catalogue (public for the load benchmark, which repeats the candidate query).</summary>
    public static int ReachOf(PolicyCatalog catalog)
    {
        static int Days(PhaseTemplate? template) => template is null ? 0 : template.Days ?? template.UntilDaysAfterLeaving ?? 0;
        var lookBack = catalog.Policies.Max(p => p.LookBack.Days ?? 14);
        var measure = catalog.Policies.SelectMany(p => p.Rules)
            .Max(r => r.Phases.Sum(Days) + Days(r.Centralized) + Days(r.Home)
                + (r.WithoutCertificate?.Phases?.Sum(Days) ?? 0));
        return lookBack + Math.Max(measure, 14);
    }
}
