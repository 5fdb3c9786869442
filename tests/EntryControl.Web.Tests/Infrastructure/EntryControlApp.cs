using System.Net.Http.Headers;
using System.Net.Http.Json;
using EntryControl.Web.Data;
using EntryControl.Web.Development.LocalPostgres;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>
/// The portal on the ASP.NET test host (or on Kestrel, for the browser tests) over a real PostgreSQL: the one given in <c>ENTRYCONTROL_TEST_CONNECTION</c>,
/// or a throwaway cluster started with the same <see cref="LocalPostgresCluster"/> that <c>dotnet run</c> uses.
/// Migrations run once at start-up; <see cref="ResetAsync"/> empties the data before each test.
/// </summary>
public sealed class EntryControlApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@test.entrycontrol.cn";
    public const string AdminPassword = "Admin-pass-123";

    private LocalPostgresCluster? _cluster;
    private Respawner? _respawner;

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The application's clock (every test starts at <see cref="TestClock.Default"/>).</summary>
    public TestClock Clock { get; } = new();

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
            TablesToIgnore = ["__ef_migrations_history", "roles"],
        });
    }

    /// <summary>Empties every table but the roles and re-creates the bootstrap admin.</summary>
    public async Task ResetAsync()
    {
        Clock.Set(TestClock.Default);
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await _respawner!.ResetAsync(connection);
        }

        // Respawn empties the tables behind the registry's back.
        Services.GetRequiredService<DesignationRegistry>().Invalidate();
        await using var scope = Services.CreateAsyncScope();
        var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
        await staff.CreateAsync(new CreateStaffUser(AdminEmail, AdminPassword, Roles.Admin, null, null), CancellationToken.None);
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
        builder.UseSetting($"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Seed:DemoData", "false");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:Console:Plain", "true");
        builder.UseSetting("RateLimiting:PermitPerMinute", "100000");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
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
