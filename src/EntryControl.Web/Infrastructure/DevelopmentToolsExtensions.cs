#if ENTRYCONTROL_DEVELOPMENT_TOOLS
using EntryControl.Web.Data;
using EntryControl.Web.Development.Benchmarks;
using EntryControl.Web.Development.LocalPostgres;
using EntryControl.Web.Development.PersonalData;
using EntryControl.Web.Features.Auth;
#endif

namespace EntryControl.Web.Infrastructure;

/// <summary>
/// The one place the portal calls its development tools (src/EntryControl.Web.Development): a local PostgreSQL when no
/// connection string is set (<c>LocalPostgres:*</c>) and the load benchmark's baseline endpoint
/// (<c>Benchmarks:BaselineEndpoint</c>). They are compiled in only when MSBuild's <c>EntryControlDevelopmentTools</c> is
/// true (the default in Debug, see EntryControl.Web.csproj); in a Release build both calls do nothing and the assembly
/// has no reference to the tools.
/// </summary>
public static class DevelopmentToolsExtensions
{
    /// <summary>
    /// Runs before the data services, which read the connection string a local cluster provides and the personal-data
    /// keys a development key file provides.
    /// </summary>
    public static Task AddEntryControlDevelopmentToolsAsync(this WebApplicationBuilder builder)
    {
#if ENTRYCONTROL_DEVELOPMENT_TOOLS
        builder.Services.AddBaselineScanEndpoint();
        builder.UseDevelopmentPersonalDataKeysWhenUnconfigured();
        return builder.UseLocalPostgresWhenUnconfiguredAsync(DataServiceCollectionExtensions.ConnectionStringName, "entrycontrol");
#else
        ArgumentNullException.ThrowIfNull(builder);
        return Task.CompletedTask;
#endif
    }

    public static WebApplication MapEntryControlDevelopmentTools(this WebApplication app)
    {
#if ENTRYCONTROL_DEVELOPMENT_TOOLS
        // The portal's own connection settings (prepared statements) and the real scan's idempotency marker: the
        // baseline pays what the real endpoint pays apart from its own work.
        var connectionString = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value
            .ConnectionString(app.Configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName)!);
        app.MapBaselineScanEndpoint(connectionString, Roles.CheckpointOfficer, new Infrastructure.Idempotency.IdempotentAttribute());
#endif
        return app;
    }
}
