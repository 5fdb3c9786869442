using EntryControl.Web.Data;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Scans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Features.Transit;

/// <summary>A transit driver who entered and has not been recorded leaving within <see cref="TransitOptions.MaxHours"/>.</summary>
public sealed record OverdueTransit(
    Guid DeclarationId,
    string Name,
    string? Plate,
    string? Company,
    string EntryCheckpoint,
    DateTimeOffset EnteredAt,
    double HoursSinceEntry);

/// <summary>
/// 途经: freight drivers passing through are scanned in at one checkpoint and out at another. The command center sees
/// those still inside the city longer than allowed, longest first.
/// </summary>
public sealed class TransitService(EntryControlDbContext db, IOptions<TransitOptions> options, TimeProvider clock)
{
    public int MaxHours => options.Value.MaxHours;

    public async Task<IReadOnlyList<OverdueTransit>> OverdueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddHours(-options.Value.MaxHours).ToUniversalTime();
        var rows = await db.Declarations.AsNoTracking()
            .Where(d => d.Transit && d.Status == DeclarationStatus.Active && d.FirstScannedAt != null)
            .Select(d => new
            {
                d.Id,
                d.TravelerName,
                d.VehiclePlate,
                d.VehicleCompany,
                Entry = db.CheckpointScans
                    .Where(s => s.DeclarationId == d.Id && s.Direction == ScanDirection.Entry)
                    .OrderBy(s => s.ScannedAt)
                    .Select(s => new { s.CheckpointCode, s.ScannedAt })
                    .FirstOrDefault(),
                // An exit is recorded only after an entry (ScanService), so any exit means they left.
                Left = db.CheckpointScans.Any(s => s.DeclarationId == d.Id && s.Direction == ScanDirection.Exit),
            })
            .Where(r => !r.Left && r.Entry != null && r.Entry.ScannedAt <= cutoff)
            .OrderBy(r => r.Entry!.ScannedAt)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new OverdueTransit(
            r.Id,
            r.TravelerName,
            r.VehiclePlate,
            r.VehicleCompany,
            r.Entry!.CheckpointCode,
            r.Entry.ScannedAt.ToOffset(Rules.ChinaTime.Offset),
            Math.Round((now - r.Entry.ScannedAt).TotalHours, 1)))];
    }
}
