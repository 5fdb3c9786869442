using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Declarations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.HasKey(a => a.Id);
        builder.HasOne<Declaration>().WithMany().HasForeignKey(a => a.DeclarationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.CommunityCode).HasMaxLength(32);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(a => new { a.CommunityCode, a.CreatedAt });
    }
}
