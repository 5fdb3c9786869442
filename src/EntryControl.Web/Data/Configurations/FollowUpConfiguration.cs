using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class FollowUpTestConfiguration : IEntityTypeConfiguration<FollowUpTest>
{
    public void Configure(EntityTypeBuilder<FollowUpTest> builder)
    {
        builder.HasKey(t => t.Id);
        builder.HasOne<Declaration>().WithMany().HasForeignKey(t => t.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Community>().WithMany().HasForeignKey(t => t.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.DeclarationId, t.Date, t.Kind }).IsUnique();
        builder.HasIndex(t => new { t.CommunityCode, t.Date });
        // The paged list of a community's open tests (FollowUpService.PageAsync) walks this in its order and stops at the LIMIT.
        builder.HasIndex(t => new { t.CommunityCode, t.Date, t.Id }).HasDatabaseName("ix_follow_up_tests_open").HasFilter("sampled_at IS NULL OR result IS NULL");
        builder.Property(t => t.CommunityCode).HasMaxLength(32);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(t => t.Measure).HasConversion<string>().HasMaxLength(32);
        builder.Property(t => t.Result).HasConversion<string>().HasMaxLength(8);
        builder.Property(t => t.TubeNumber).HasMaxLength(32);
        builder.HasIndex(t => t.TubeNumber).HasFilter("tube_number IS NOT NULL");
    }
}

internal sealed class MeasureReleaseConfiguration : IEntityTypeConfiguration<MeasureRelease>
{
    public void Configure(EntityTypeBuilder<MeasureRelease> builder)
    {
        builder.ToTable("measure_releases");
        builder.HasKey(r => r.Id);
        builder.HasOne<Declaration>().WithMany().HasForeignKey(r => r.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Community>().WithMany().HasForeignKey(r => r.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.DeclarationId).IsUnique();
        builder.HasIndex(r => r.VerificationCode).IsUnique();
        builder.Property(r => r.VerificationCode).HasMaxLength(32);
        builder.Property(r => r.CommunityCode).HasMaxLength(32);
        builder.Property(r => r.Measure).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.Reason).HasMaxLength(500);
    }
}

internal sealed class MeasurePhaseConfiguration : IEntityTypeConfiguration<MeasurePhase>
{
    public void Configure(EntityTypeBuilder<MeasurePhase> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasOne<Declaration>().WithMany().HasForeignKey(p => p.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Community>().WithMany().HasForeignKey(p => p.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.DeclarationId);
        builder.HasIndex(p => new { p.CommunityCode, p.End });
        builder.Property(p => p.CommunityCode).HasMaxLength(32);
        builder.Property(p => p.Measure).HasConversion<string>().HasMaxLength(32);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.UserId, a.At });
        builder.Property(a => a.UserEmail).HasMaxLength(256);
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(8);
        builder.Property(a => a.Subject).HasMaxLength(32);
        builder.Property(a => a.Detail).HasMaxLength(200);
    }
}
