using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.RiskAreas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Version).IsRowVersion();
        builder.Property(d => d.Code).HasMaxLength(32);
        builder.HasIndex(d => d.Code).IsUnique();
        builder.HasIndex(d => d.GroupId);
        // Lookups by document (and phone) go through the hashes: the columns themselves are encrypted (PersonalDataModel).
        builder.HasIndex(d => new { d.IdNumberHash, d.PhoneHash });
        builder.HasIndex(d => new { d.CommunityCode, d.ArrivalAt });
        builder.Property(d => d.TravelerName).HasMaxLength(50);
        builder.Property(d => d.IdType).HasConversion<string>().HasMaxLength(16);
        // Encrypted envelopes (PersonalDataProtector): the lengths are the validators' business, not the columns'.
        builder.Property(d => d.IdNumber).HasColumnType("text");
        builder.Property(d => d.Phone).HasColumnType("text");
        // The retention job's sweep: declarations not yet erased.
        builder.HasIndex(d => d.ArrivalAt, "ix_declarations_personal_data_kept").HasFilter("personal_data_erased_at IS NULL");
        builder.Property(d => d.CommunityCode).HasMaxLength(32);
        builder.HasOne<Community>().WithMany().HasForeignKey(d => d.CommunityCode).OnDelete(DeleteBehavior.Restrict);
        builder.Property(d => d.Destination).HasMaxLength(6).IsFixedLength();
        builder.Property(d => d.Address).HasMaxLength(200);
        builder.Property(d => d.TripJson).HasColumnType("jsonb");
        builder.Property(d => d.VehiclePlate).HasMaxLength(16);
        builder.Property(d => d.VehicleCompany).HasMaxLength(100);
        builder.Property(d => d.ReceiptCompany).HasMaxLength(100);
        builder.Property(d => d.ReceiptNumber).HasMaxLength(64);
        builder.Property(d => d.EntryCheckpointCode).HasMaxLength(32);
        builder.HasOne<Checkpoint>().WithMany().HasForeignKey(d => d.EntryCheckpointCode).OnDelete(DeleteBehavior.Restrict);
        // 途经 the command center's overdue list reads the active transit declarations only.
        builder.HasIndex(d => d.ArrivalAt).HasFilter("transit AND status = 'Active'").HasDatabaseName("ix_declarations_active_transit");
        builder.Property(d => d.Registration).HasConversion<string>().HasMaxLength(8);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(12);
        builder.HasMany(d => d.Decisions).WithOne().HasForeignKey(r => r.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Stays).WithOne().HasForeignKey(s => s.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        // Active declarations by arrival: the re-evaluation's reach ("arrived recently enough to matter").
        builder.HasIndex(d => new { d.Status, d.ArrivalAt });
    }
}

internal sealed class DeclarationStayConfiguration : IEntityTypeConfiguration<DeclarationStay>
{
    public void Configure(EntityTypeBuilder<DeclarationStay> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.Property(s => s.Region).HasMaxLength(6).IsFixedLength();
        builder.Property(s => s.From).HasColumnName("from_date");
        builder.Property(s => s.To).HasColumnName("to_date");
        // A designation of a county from F (to T) concerns the stays in that county that end on or after F: one range
        // scan of this index, the stay's start and declaration read from it.
        builder.HasIndex(s => new { s.Region, s.To }).IncludeProperties(s => new { s.From, s.DeclarationId });
    }
}

internal sealed class DecisionRecordConfiguration : IEntityTypeConfiguration<DecisionRecord>
{
    public void Configure(EntityTypeBuilder<DecisionRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.DeclarationId, r.DecidedAt });
        builder.Property(r => r.Occasion).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.PolicyId).HasMaxLength(64);
        builder.Property(r => r.Measure).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.InputJson).HasColumnType("jsonb");
        builder.Property(r => r.DesignationsJson).HasColumnType("jsonb");
        builder.Property(r => r.DecisionJson).HasColumnType("jsonb");
        builder.HasOne<RegistryChange>().WithMany().HasForeignKey(r => r.RegistryChangeId).OnDelete(DeleteBehavior.Restrict);
        // Re-running a registry change finds the declarations it already re-decided.
        builder.HasIndex(r => new { r.RegistryChangeId, r.DeclarationId }).IsUnique().HasFilter("registry_change_id IS NOT NULL");
    }
}
