using EntryControl.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> builder)
    {
        builder.ToTable("staff_sessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Address).HasMaxLength(64);
        builder.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        // The trusted-address probe: this account's sessions from this address since a day.
        builder.HasIndex(s => new { s.UserId, s.Address, s.CreatedAt });
    }
}

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.Property(f => f.NormalizedEmail).HasMaxLength(256);
        builder.Property(f => f.Address).HasMaxLength(64);
        builder.HasIndex(f => new { f.NormalizedEmail, f.At });
    }
}
