using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Data;
using EntryControl.Web.Development.LocalPostgres;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// The portal on the ASP.NET test host (or on Kestrel, for the browser tests) over a real PostgreSQL: the one given in <c>ENTRYCONTROL_TEST_CONNECTION</c>,
/// or a throwaway cluster started with the same <see cref="LocalPostgresCluster"/> that <c>dotnet run</c> uses.
/// Migrations run and the admin is created once at start-up; <see cref="ResetAsync"/> empties the data before each test
/// and puts the admin back.
/// </summary>
public sealed class EntryControlApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.entrycontrol.cn";
    public const string AdminPassword = "Admin-pass-123";

    private LocalPostgresCluster? _cluster;
    private static readonly Respawn.Graph.Table[] QuartzTables = [.. new[]
    {
        "qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers",
        "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_fired_triggers", "qrtz_scheduler_state", "qrtz_locks",
    }.Select(name => new Respawn.Graph.Table(name))];

    private Respawner? _respawner;
    private string _adminUserRows = string.Empty;
    private string _adminRoleRows = string.Empty;

    public const string CurrentPersonalDataKey = "test1";

    /// <summary>The run's encryption keys (key id → base64): generated per test run, outside the database.</summary>
    public IReadOnlyDictionary<string, string> PersonalDataKeys { get; } = new Dictionary<string, string>
    {
        [CurrentPersonalDataKey] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    public string PersonalDataHashKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The application's clock (every test starts at <see cref="TestClock.Default"/>).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Database failures a test may inject into the portal's context (none unless armed; disarmed at every reset).</summary>
    public DbFaults Faults { get; } = new();

    /// <summary>What the portal logged at Warning and above (the test host's minimum level).</summary>
    public LogCapture Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("ENTRYCONTROL_TEST_CONNECTION");
        if (string.IsNullOrWhiteSpace(given))
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), $"entrycontrol-tests-{Guid.NewGuid():N}");
            _cluster = await LocalPostgresCluster.StartAsync(new LocalPostgresClusterOptions(dataDirectory, Throwaway: true));
            ConnectionString = await _cluster.EnsureDatabaseAsync("entrycontrol_tests");
        }
        else
        {
            ConnectionString = given;
        }

        // Starting the host runs the migrations and creates the roles and the bootstrap admin (on the test server, or
        // on Kestrel when UseKestrel was called first, as the browser tests do).
        StartServer();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = ["public"],
            // Quartz's own tables hold the scheduler's jobs and the cluster's state: emptying them under a running
            // scheduler would drop its recurring jobs.
            TablesToIgnore = ["__ef_migrations_history", "roles", "data_protection_keys", .. QuartzTables],
            // DELETE in Respawn's foreign-key order rather than its TRUNCATE … CASCADE: on tables of a few rows a
            // truncate (new files for every table and index) cost about 25 ms a test, the deletes a few.
            FormatDeleteStatement = table => $"DELETE FROM \"{table.Schema}\".\"{table.Name}\";",
        });

        // The admin is made afresh once (a given database may hold a previous run's data, its admin changed by a test),
        // and its rows are kept as they are now: every reset puts back these very rows (same id, password hash and
        // security stamp), so no test sees another's changes to the admin, and none pays for creating it again.
        await _respawner.ResetAsync(connection);
        Guid adminId;
        await using (var scope = Services.CreateAsyncScope())
        {
            var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
            var created = await staff.CreateAsync(new CreateStaffUser(AdminEmail, AdminPassword, Roles.Admin, null, null), CancellationToken.None);
            adminId = created is ServiceResult<StaffUserView>.Ok ok
                ? ok.Value.Id
                : throw new InvalidOperationException($"The test admin could not be created: {created}");
        }

        await using var capture = new NpgsqlCommand(
            """
            SELECT (SELECT json_agg(u) FROM staff_users u WHERE u.id = @id)::text,
                   (SELECT json_agg(r) FROM user_roles r WHERE r.user_id = @id)::text
            """, connection);
        capture.Parameters.AddWithValue("id", adminId);
        await using (var reader = await capture.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            _adminUserRows = reader.GetString(0);
            _adminRoleRows = reader.GetString(1);
        }
    }

    /// <summary>Empties every table but the roles and puts back the admin as it was created, in one transaction.</summary>
    public async Task ResetAsync()
    {
        Clock.Set(TestClock.Default);
        Faults.Disarm();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            // One round trip: the statements of a command run in one implicit transaction.
            await using var reset = new NpgsqlCommand(
                _respawner!.DeleteSql +
                """
                INSERT INTO staff_users SELECT * FROM json_populate_recordset(NULL::staff_users, @users::json);
                INSERT INTO user_roles SELECT * FROM json_populate_recordset(NULL::user_roles, @roles::json);
                """, connection);
            reset.Parameters.AddWithValue("users", _adminUserRows);
            reset.Parameters.AddWithValue("roles", _adminRoleRows);
            // A background job the previous test started (a re-evaluation after a publication or a registry change)
            // may still be writing: PostgreSQL then picks one side of a deadlock and rolls it back whole, so the
            // reset, if it is the one, runs again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await reset.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
                {
                    await Task.Delay(50 * attempt);
                }
            }
        }

        // Respawn empties the tables behind the registry's back, and the policy catalogue's: the shipped versions are
        // put back, and the portal evaluates with them again.
        Services.GetRequiredService<DesignationRegistry>().Invalidate();
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Features.Policies.PolicyStore>().SeedAsync(CancellationToken.None);
        }

        Services.GetRequiredService<Features.Policies.PolicyCatalogHolder>().Use(EntryControl.Rules.PolicyCatalog.LoadEmbedded());
    }

    /// <summary>
    /// Makes the 3天2检 of the traveler of <c>DeclarationApiTests.Body</c> (a stay in 西安市雁塔区 610113) the notice's
    /// requirement rather than its advice: a high-risk 小寨路街道 elsewhere in that county turns Bayannur clause 五's
    /// advised 3天2检 into clause 二's required one, same days and tests. Written straight into the registry (no registry
    /// change, so no re-evaluation runs behind the test's back); for tests of what a community must follow.
    /// </summary>
    public async Task RequireThreeDayTwoTestsForXianAsync()
    {
        await WithDbAsync(async db =>
        {
            db.RiskAreas.Add(new Features.RiskAreas.RiskArea
            {
                Id = Guid.CreateVersion7(),
                Region = "610113",
                Area = "小寨路街道",
                Level = EntryControl.Rules.RiskLevel.High,
                From = new DateOnly(2022, 11, 10),
                CreatedAt = Clock.GetUtcNow(),
                UpdatedAt = Clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });
        Services.GetRequiredService<DesignationRegistry>().Invalidate();
    }

    public async Task<T> WithDbAsync<T>(Func<EntryControlDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<EntryControlDbContext>());
    }

    /// <summary>Signs in through <c>POST /api/v1/auth/login</c> and returns a client that sends the bearer token.</summary>
    public async Task<HttpClient> ClientForAsync(string email, string password)
    {
        var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public Task<HttpClient> AdminClientAsync() => ClientForAsync(AdminEmail, AdminPassword);

    /// <summary>A browser-like client (cookies, no auto-redirect) signed in through the staff login page.</summary>
    public async Task<HttpClient> BrowserForAsync(string email, string password)
    {
        var browser = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var form = await browser.GetStringAsync("/Account/Login");
        var signedIn = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = Html.AntiforgeryToken(form),
        }));
        if (signedIn.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)signedIn.StatusCode}");
        }

        return browser;
    }

    /// <summary>Creates a staff account through the admin API and signs in as it.</summary>
    public async Task<HttpClient> StaffClientAsync(string role, string? checkpoint = null, string[]? communities = null)
    {
        var admin = await AdminClientAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.entrycontrol.cn";
        const string password = "Staff-pass-123";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password, role, checkpoint, communities });
        created.EnsureSuccessStatusCode();
        return await ClientForAsync(email, password);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The host runs from the build output, not a published one: serve the build's static web assets (fingerprinted
        // and compressed copies) as `dotnet run` does in Development, with the caching headers of a published one (which
        // a build manifest leaves out unless asked).
        builder.UseStaticWebAssets();
        builder.UseSetting("EnableStaticAssetsDevelopmentCaching", "true");
        // Nor the build manifest's catch-all for files added while running, which answers an unknown POST with 405.
        builder.UseSetting("DisableStaticAssetNotFoundRuntimeFallback", "true");
        builder.UseSetting($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:Console:Plain", "true");
        builder.UseSetting("RateLimiting:PermitPerMinute", "100000");
        builder.UseSetting("RateLimiting:DeclarationsPerSecond", "100000");
        // Every test signs in from the same (unknown) address; the sign-in limit tests set their own.
        builder.UseSetting("Auth:SignInPermitPerMinute", "100000");
        builder.UseSetting("Api:Documentation", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Personal-data keys generated for this run (the key ids are the ones PersonalDataTests rotates between).
        builder.UseSetting("PersonalData:CurrentKey", CurrentPersonalDataKey);
        builder.UseSetting($"PersonalData:Keys:{CurrentPersonalDataKey}", PersonalDataKeys[CurrentPersonalDataKey]);
        builder.UseSetting("PersonalData:HashKey", PersonalDataHashKey);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Serilog.Core.ILogEventSink>(Logs);
            // A query that takes "the first" row without an order is a bug (it was logged on every checkpoint scan):
            // under test it fails the request instead of only being logged.
            services.ConfigureDbContext<EntryControlDbContext>(options => options
                .ConfigureWarnings(warnings => warnings.Throw(CoreEventId.FirstWithoutOrderByAndFilterWarning))
                .AddInterceptors(Faults));
            // The client address of a request on the test server (which has none): the X-Test-Address header.
            services.AddSingleton<IStartupFilter, TestAddresses>();
            // PBKDF2 at its production cost (100,000 rounds) was most of the suite's time: every sign-in and every
            // account created hashes a password. The test host only; production keeps the default.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1);
            services.AddSingleton<PasswordVerifications>();
            services.AddScoped<IPasswordHasher<StaffUser>, CountingPasswordHasher>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);
}
