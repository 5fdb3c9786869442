using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.RiskAreas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class RiskAreaConfiguration : IEntityTypeConfiguration<RiskArea>
{
    public void Configure(EntityTypeBuilder<RiskArea> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Region).HasMaxLength(6).IsFixedLength();
        builder.Property(r => r.Area).HasMaxLength(100);
        builder.Property(r => r.Level).HasConversion<string>().HasMaxLength(8);
        builder.HasIndex(r => r.Region);
        builder.ToTable(t => t.HasCheckConstraint("ck_risk_areas_dates", "\"to\" IS NULL OR \"to\" >= \"from\""));
    }
}

internal sealed class RegistryChangeConfiguration : IEntityTypeConfiguration<RegistryChange>
{
    public void Configure(EntityTypeBuilder<RegistryChange> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.PolicyVersion).HasMaxLength(80);
        // One re-evaluation per published policy version, however many instances start with it at once.
        builder.HasIndex(c => c.PolicyVersion).IsUnique().HasFilter("policy_version IS NOT NULL");
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(8);
        builder.Property(c => c.BeforeJson).HasColumnType("jsonb");
        builder.Property(c => c.AfterJson).HasColumnType("jsonb");
        builder.Property(c => c.Error).HasMaxLength(2000);
        builder.HasIndex(c => new { c.Status, c.CreatedAt });
    }
}

internal sealed class PublishedPolicyVersionConfiguration : IEntityTypeConfiguration<PublishedPolicyVersion>
{
    public void Configure(EntityTypeBuilder<PublishedPolicyVersion> builder)
    {
        builder.ToTable("policy_versions");
        builder.HasKey(v => new { v.PolicyId, v.Version });
        builder.Property(v => v.PolicyId).HasMaxLength(64);
    }
}
