using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Scans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class CheckpointScanConfiguration : IEntityTypeConfiguration<CheckpointScan>
{
    public void Configure(EntityTypeBuilder<CheckpointScan> builder)
    {
        builder.HasKey(s => s.Id);
        builder.HasOne<Declaration>().WithMany().HasForeignKey(s => s.DeclarationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Checkpoint>().WithMany().HasForeignKey(s => s.CheckpointCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<DecisionRecord>().WithMany().HasForeignKey(s => s.DecisionRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.CheckpointCode, s.ScannedAt });
        builder.Property(s => s.CheckpointCode).HasMaxLength(32);
        builder.Property(s => s.TemperatureCelsius).HasPrecision(4, 1);
        builder.Property(s => s.CertificateResult).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.HealthCode).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.Direction).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.Measure).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.TemperatureNotMeasured).HasMaxLength(100);
        builder.Property(s => s.SealNumber).HasMaxLength(32);
        builder.Property(s => s.TubeNumber).HasMaxLength(32);
        builder.HasIndex(s => s.TubeNumber).IsUnique().HasFilter("tube_number IS NOT NULL");
        builder.Property(s => s.LandingTestResult).HasConversion<string>().HasMaxLength(8);
    }
}
