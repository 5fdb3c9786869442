using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "EntryControl";

    private static readonly AfterCommit.Interceptor AfterCommitInterceptor = new();

    /// <summary>PostgreSQL at <c>ConnectionStrings:EntryControl</c>, EF Core, start-up migration and seeding.</summary>
    public static WebApplicationBuilder AddEntryControlData(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Set it, or run a Debug build in Development to use a local PostgreSQL (LocalPostgres:Enabled).");
        }

        // Pooled: a context's internal services are set up once per pooled instance, not on each request's first query
        // (the load benchmark found that set-up to be ~5% of a checkpoint scan's CPU). The context keeps no state of its own.
        // Statements prepared on the server (Database:MaxAutoPrepare): the benchmark found PostgreSQL's parsing and
        // planning of EF's statements to be a large part of its CPU per scan.
        builder.Services.AddDbContextPool<EntryControlDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .UsePersonalDataProtection(services.GetRequiredService<PersonalDataProtector>())
            .AddInterceptors(AfterCommitInterceptor));
        // Keys outside the database: from configuration, the environment or a secret file; without them the portal
        // does not start (a Debug build in Development generates a key file beside its local PostgreSQL).
        builder.Services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PersonalDataOptions>, PersonalDataOptionsValidation>();
        builder.Services.AddSingleton(services => new PersonalDataProtector(services.GetRequiredService<IOptions<PersonalDataOptions>>().Value));
        builder.Services.AddSingleton<PersonalDataHashes>();
        builder.Services.AddScoped<PersonalDataMigration>();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The environment's default first, then the setting where one is given.
        builder.Services.AddOptions<SeedOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.DemoData = environment.IsDevelopment())
            .BindConfiguration(SeedOptions.Section)
            .Validate<IHostEnvironment>((options, environment) => !(options.DemoData && environment.IsProduction()), SeedOptions.NotInProductionMessage)
            .ValidateOnStart();
        builder.Services.AddOptions<BootstrapOptions>()
            .BindConfiguration(BootstrapOptions.Section)
            .Validate(BootstrapOptions.BothOrNeither, BootstrapOptions.BothOrNeitherMessage)
            .ValidateOnStart();
        builder.Services.AddScoped<DemoData>();
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        // The server listens while the initializer migrates, so probes can tell "starting" from "dead"; the host's
        // start still completes only once every service (the initializer too) has started.
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<DatabaseHealthCheck.SchemaCache>();
        builder.Services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup", tags: ["ready"])
            // A probe that waits on a migration's lock is answered "not ready" after the timeout rather than hanging.
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        return builder;
    }
}
