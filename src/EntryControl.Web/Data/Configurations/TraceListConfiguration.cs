using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.TraceLists;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EntryControl.Web.Data.Configurations;

internal sealed class TraceListConfiguration : IEntityTypeConfiguration<TraceList>
{
    public void Configure(EntityTypeBuilder<TraceList> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Source).HasMaxLength(TraceListService.SourceLength);
        builder.HasIndex(l => l.ImportedAt);
    }
}

internal sealed class TraceItemConfiguration : IEntityTypeConfiguration<TraceItem>
{
    public void Configure(EntityTypeBuilder<TraceItem> builder)
    {
        builder.HasKey(i => i.Id);
        builder.HasOne<TraceList>().WithMany().HasForeignKey(i => i.ListId).OnDelete(DeleteBehavior.Cascade);
        // A declaration a row points at cannot be deleted from under it (declarations are cancelled, not deleted).
        builder.HasOne<Declaration>().WithMany().HasForeignKey(i => i.DeclarationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.ListId, i.Line });
        builder.HasIndex(i => i.DeclarationId);
        // The worker's and the command center's lists: check items by county and status, newest import first.
        builder.HasIndex(i => new { i.DestinationRegion, i.Status, i.ImportedAt });
        builder.HasIndex(i => new { i.Status, i.ImportedAt });
        builder.Property(i => i.Name).HasMaxLength(50);
        builder.Property(i => i.IdType).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.IdNumber).HasColumnType("text");
        builder.Property(i => i.Phone).HasColumnType("text");
        builder.HasIndex(i => i.IdNumberHash);
        builder.Property(i => i.Origin).HasMaxLength(100);
        builder.Property(i => i.Carrier).HasMaxLength(32);
        builder.Property(i => i.DestinationRegion).HasMaxLength(6).IsFixedLength();
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Note).HasMaxLength(ResolveTraceItemValidator.NoteLength);
    }
}
