using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Data;

/// <summary>
/// Runs as the host starts, while the server already listens (readiness is 503 until it is done, <see cref="StartupState"/>): applies migrations (<c>Database:MigrateOnStartup</c>), makes sure the
/// roles exist, creates the bootstrap admin (<c>Bootstrap:AdminEmail</c>/<c>AdminPassword</c>) and loads the demo
/// data (<c>Seed:DemoData</c>, on by default in Development only). A policy version new to this database is recorded
/// and, when it corrects an older one, its re-evaluation committed (<see cref="PolicyVersionPublisher"/>).
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceProvider services,
    IOptions<DatabaseOptions> database,
    IOptions<SeedOptions> seed,
    IOptions<BootstrapOptions> bootstrap,
    StartupState startup,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Wall-clock back-off (not the injected clock, which the tests stop): 0.5 s, 1 s, 2 s … at most 5 s apart.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(database.Value.StartupRetrySeconds);
        var delay = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                startup.MarkInitialized();
                return;
            }
            catch (Exception e) when (DatabaseErrors.IsOutage(e) && DateTimeOffset.UtcNow + delay < deadline)
            {
                LogDatabaseUnreachable(logger, e, attempt, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            catch (Exception e)
            {
                startup.MarkFailed(e);
                throw;
            }
        }
    }

    /// <summary>Each step checks before it writes, so a step interrupted by an outage is simply done again.</summary>
    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<EntryControlDbContext>();
        if (database.Value.MigrateOnStartup)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Rows written before encryption (or restored from such a dump) are encrypted and hashed before anyone looks
        // them up by hash.
        await provider.GetRequiredService<PersonalDataMigration>().RunAsync(cancellationToken);

        var roles = provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }

        await CreateBootstrapAdminAsync(provider.GetRequiredService<StaffService>(), cancellationToken);
        // The policy catalogue lives in the database: the shipped files seed it, and this instance takes what is published.
        await provider.GetRequiredService<PolicyStore>().SeedAsync(cancellationToken);
        await provider.GetRequiredService<PolicyCatalogHolder>().ReloadAsync(cancellationToken);
        // Before the demo data, so demo declarations are never decided under a version that is already replaced.
        await provider.GetRequiredService<PolicyVersionPublisher>().PublishAsync(cancellationToken);
        if (seed.Value.DemoData)
        {
            var added = await provider.GetRequiredService<DemoData>().LoadAsync(cancellationToken);
            if (added.Nothing)
            {
                LogDemoDataPresent(logger);
            }
            else
            {
                LogDemoData(logger, added.Communities, added.Checkpoints, added.RiskAreas, added.Staff, added.Travelers, added.TraceList);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateBootstrapAdminAsync(StaffService staff, CancellationToken cancellationToken)
    {
        var (email, password) = (bootstrap.Value.AdminEmail, bootstrap.Value.AdminPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password) || await staff.ExistsAsync(email, cancellationToken))
        {
            return;
        }

        var result = await staff.CreateAsync(new CreateStaffUser(email, password, Roles.Admin, null, null), cancellationToken);
        if (result is ServiceResult<StaffUserView>.Invalid invalid)
        {
            throw new InvalidOperationException(
                "Bootstrap admin could not be created: " + string.Join("; ", invalid.Errors.SelectMany(e => e.Value)));
        }

        LogBootstrapAdmin(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached at start-up (attempt {Attempt}); retrying in {Seconds} s")]
    private static partial void LogDatabaseUnreachable(ILogger logger, Exception exception, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the bootstrap admin account")]
    private static partial void LogBootstrapAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data added: {Communities} communities, {Checkpoints} checkpoints, {RiskAreas} risk areas, {Staff} staff accounts; demo travelers declared: {Travelers}; demo trace list imported: {TraceList}")]
    private static partial void LogDemoData(ILogger logger, int communities, int checkpoints, int riskAreas, int staff, bool travelers, bool traceList);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present: nothing added")]
    private static partial void LogDemoDataPresent(ILogger logger);
}
