using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EntryControl.Web.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the application (or a local PostgreSQL).</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<EntryControlDbContext>
{
    public EntryControlDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EntryControlDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=entrycontrol_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
        .UseSnakeCaseNamingConvention()
        .UsePersonalDataProtection(DesignTimeProtector)
        .Options);

    /// <summary>Keys for building the model only (the converters are not part of the schema); never used on data.</summary>
    private static readonly PersonalDataProtector DesignTimeProtector = new(new PersonalDataOptions
    {
        CurrentKey = "design",
        Keys = { ["design"] = Convert.ToBase64String(new byte[32]) },
        HashKey = Convert.ToBase64String(new byte[32]),
    });
}
