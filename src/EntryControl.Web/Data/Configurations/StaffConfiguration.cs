using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.Property(u => u.CheckpointCode).HasMaxLength(32);
        builder.HasOne<Checkpoint>().WithMany().HasForeignKey(u => u.CheckpointCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.Communities).WithOne().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffCommunityConfiguration : IEntityTypeConfiguration<StaffCommunity>
{
    public void Configure(EntityTypeBuilder<StaffCommunity> builder)
    {
        builder.HasKey(c => new { c.UserId, c.CommunityCode });
        builder.Property(c => c.CommunityCode).HasMaxLength(32);
        builder.HasOne<Community>().WithMany().HasForeignKey(c => c.CommunityCode).OnDelete(DeleteBehavior.Restrict);
    }
}
