using EntryControl.Web.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class PolicyDocumentConfiguration : IEntityTypeConfiguration<PolicyDocument>
{
    public void Configure(EntityTypeBuilder<PolicyDocument> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.PolicyId).HasMaxLength(64);
        builder.HasIndex(d => new { d.PolicyId, d.Version }).IsUnique();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(d => d.CreatedByEmail).HasMaxLength(256);
        builder.Property(d => d.PublishedByEmail).HasMaxLength(256);
        builder.ToTable(t => t.HasCheckConstraint("ck_policy_documents_dates", "effective_to IS NULL OR effective_to >= effective_from OR status = 'Superseded'"));
    }
}
