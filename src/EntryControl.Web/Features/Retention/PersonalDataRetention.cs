using System.Globalization;
using System.Security.Claims;
using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace EntryControl.Web.Features.Retention;

public sealed record ErasedPersonalData(DateOnly Cutoff, int Declarations, int TraceItems);

/// <summary>
/// Erases the personal data of declarations whose last measure phase ended more than <c>Retention:PersonalDataDays</c>
/// days ago (China-time days; a declaration without a phase (no measure, cancelled, never scanned) counts from its
/// arrival day): the traveler's name, document number, phone, address and vehicle plate, and the same fields of the
/// trace-list rows matched to it or, unmatched, imported that long ago. The rows stay, with everything the reports
/// count by (community, destination, dates, status, measures, scans, tests), and are marked
/// <see cref="Declaration.PersonalDataErasedAt"/>. Each run writes one audit entry with the counts, never a name.
/// The stays of the trip stay too: without an identity they are no longer anyone's travel history, and decisions
/// keep their inputs.
/// </summary>
public sealed class PersonalDataRetention(EntryControlDbContext db, AuditLog audit, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public async Task<ErasedPersonalData> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        // Erased when the anchor day is before the cutoff: 28 days after a phase ending on the 1st, the 30th is the first day without the data.
        var cutoff = ChinaTime.LocalDate(now).AddDays(-options.Value.PersonalDataDays);
        var cutoffInstant = ChinaTime.StartOfDay(cutoff);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = db.Declarations.Where(d => d.PersonalDataErasedAt == null && d.ArrivalAt < cutoffInstant
            && !db.MeasurePhases.Any(p => p.DeclarationId == d.Id && p.End >= cutoff));
        var ids = await due.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        var declarations = 0;
        foreach (var chunk in ids.Chunk(1_000))
        {
            // Set-based: the empty document number is encrypted like any value; the hashes go, so lookups find nothing.
            declarations += await db.Declarations.Where(d => chunk.Contains(d.Id)).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.TravelerName, string.Empty)
                .SetProperty(d => d.IdNumber, string.Empty)
                .SetProperty(d => d.Phone, (string?)null)
                .SetProperty(d => d.IdNumberHash, (byte[]?)null)
                .SetProperty(d => d.PhoneHash, (byte[]?)null)
                .SetProperty(d => d.Address, string.Empty)
                .SetProperty(d => d.VehiclePlate, (string?)null)
                .SetProperty(d => d.PersonalDataErasedAt, now), cancellationToken);
        }

        var traceItems = await db.TraceItems
            .Where(i => i.PersonalDataErasedAt == null
                && (i.DeclarationId == null
                    ? i.ImportedAt < cutoffInstant
                    : db.Declarations.Any(d => d.Id == i.DeclarationId && d.PersonalDataErasedAt != null)))
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Name, string.Empty)
                .SetProperty(i => i.IdNumber, string.Empty)
                .SetProperty(i => i.Phone, (string?)null)
                .SetProperty(i => i.IdNumberHash, (byte[]?)null)
                .SetProperty(i => i.PhoneHash, (byte[]?)null)
                .SetProperty(i => i.PersonalDataErasedAt, now), cancellationToken);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"retention {options.Value.PersonalDataDays} days, before {IsoDates.Format(cutoff)}: {declarations} declarations, {traceItems} trace-list rows");
        await audit.WriteAsync(new ClaimsPrincipal(), AuditAction.Erase, "personalData", detail, declarations + traceItems, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasedPersonalData(cutoff, declarations, traceItems);
    }
}

/// <summary>The daily erasure, on one instance of the cluster (Quartz's clustered store).</summary>
[DisallowConcurrentExecution]
public sealed class PersonalDataRetentionJob(PersonalDataRetention retention) : IJob
{
    public static readonly JobKey Key = new("personal-data-retention", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await retention.RunAsync(cancellationToken);
}

public static class RetentionServiceCollectionExtensions
{
    /// <summary>China Standard Time by its IANA id: the clustered store saves the zone's id and finds it again by it.</summary>
    private static readonly TimeZoneInfo ChinaStandardTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PersonalDataRetention>();
        services.ConfigureAllQuartzSchedulers(quartz => quartz
            .AddJob<PersonalDataRetentionJob>(job => job.WithIdentity(PersonalDataRetentionJob.Key).StoreDurably().RequestRecovery())
            // 03:30 China time, when nobody is at the checkpoints; a run missed while every instance was down runs once
            // at the next start (fire and proceed), not once per missed day.
            .AddTrigger(trigger => trigger.ForJob(PersonalDataRetentionJob.Key).WithIdentity("personal-data-retention-daily", "maintenance")
                .WithCronSchedule("0 30 3 * * ?", cron => cron.InTimeZone(ChinaStandardTime).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))));
        return services;
    }
}
