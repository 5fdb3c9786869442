using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EntryControl.Web.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the application (or a local PostgreSQL).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EntryControlDbContext>
{
    public EntryControlDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EntryControlDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=entrycontrol_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention()
        .Options);
}
