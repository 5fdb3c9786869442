using EntryControl.Rules;
using EntryControl.Web.Data;
using EntryControl.Web.Development.Benchmarks;
using EntryControl.Web.Development.LocalPostgres;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.CodeAssignments;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>With nothing configured, every setting has the default the README's configuration table gives.</summary>
public sealed class SettingsDefaultsTests
{
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void Unset_settings_bind_to_the_documented_defaults(string environment, bool development)
    {
        var builder = Unconfigured(environment);
        builder.Configuration[$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = "Host=127.0.0.1";
        builder.AddEntryControlLogging();
        builder.AddEntryControlData();
        builder.Services.AddStaffAuthentication();
        builder.Services.AddEntryControlHttp();
        builder.Services.AddRiskAreas();
        builder.Services.AddEvaluations();
        builder.Services.AddBaselineScanEndpoint();
        using var services = builder.Services.BuildServiceProvider();
        T Get<T>() where T : class => services.GetRequiredService<IOptions<T>>().Value;

        Assert.True(Get<DatabaseOptions>().MigrateOnStartup);
        Assert.Equal(100, new Npgsql.NpgsqlConnectionStringBuilder(Get<DatabaseOptions>().ConnectionString("Host=db;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(development, Get<SeedOptions>().DemoData);
        Assert.Null(Get<BootstrapOptions>().AdminEmail);
        Assert.Null(Get<BootstrapOptions>().AdminPassword);
        Assert.Equal(development, Get<ConsoleLoggingOptions>().Plain);
        Assert.Equal(environment == "Production", Get<ConsoleLoggingOptions>().Async);
        Assert.Equal(5, Get<AuthOptions>().MaxFailedAccessAttempts);
        Assert.Equal(15, Get<AuthOptions>().LockoutMinutes);
        Assert.Equal(50, Get<AuthOptions>().AccountMaxFailedAttempts);
        Assert.Equal(30, Get<AuthOptions>().TrustedAddressDays);
        Assert.Equal(20, Get<AuthOptions>().SignInPermitPerMinute);
        Assert.Equal(5, Get<AuthOptions>().SessionCheckSeconds);
        Assert.Equal(development, Get<ApiDocumentationOptions>().Documentation);
        Assert.True(Get<RateLimitingOptions>().Enabled);
        Assert.Equal(120, Get<RateLimitingOptions>().PermitPerMinute);
        Assert.Equal(60, Get<RateLimitingOptions>().DeclarationsPerSecond);
        Assert.Equal(30, Get<RiskAreaOptions>().RefreshSeconds);
        Assert.Equal(24, Get<EntryControl.Web.Features.Transit.TransitOptions>().MaxHours);
        Assert.False(Get<BenchmarkOptions>().BaselineEndpoint);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void The_local_PostgreSQL_defaults_to_on_in_Development_under_the_content_root(string environment, bool development)
    {
        var builder = Unconfigured(environment);

        var options = LocalPostgresOptions.FromConfiguration(builder.Configuration, builder.Environment);

        Assert.Equal(development, options.Enabled);
        Assert.Equal(Path.Combine(builder.Environment.ContentRootPath, ".localdb", "postgres"), options.DataDirectory);
        Assert.Equal(0, options.Port);
        Assert.True(options.StopOnShutdown);
    }

    [Fact]
    public void A_local_PostgreSQL_port_out_of_range_is_refused_naming_the_setting()
    {
        var builder = Unconfigured("Development");
        builder.Configuration["LocalPostgres:Port"] = "70000";

        var refused = Assert.Throws<OptionsValidationException>(() => LocalPostgresOptions.FromConfiguration(builder.Configuration, builder.Environment));

        Assert.Contains("LocalPostgres:Port must be between 0 and 65535", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_values_win_over_the_environment_defaults()
    {
        var builder = Unconfigured("Development");
        builder.Configuration["Seed:DemoData"] = "false";
        builder.Configuration["Logging:Console:Plain"] = "false";
        builder.Configuration[$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = "Host=127.0.0.1";
        builder.AddEntryControlLogging();
        builder.AddEntryControlData();
        using var services = builder.Services.BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<SeedOptions>>().Value.DemoData);
        Assert.False(services.GetRequiredService<IOptions<ConsoleLoggingOptions>>().Value.Plain);
    }

    [Fact]
    public void Code_colours_default_per_measure_and_a_setting_replaces_one_measure_only()
    {
        var builder = Unconfigured("Production");
        builder.Services.AddCodeAssignments();
        using var defaults = builder.Services.BuildServiceProvider();
        var colours = defaults.GetRequiredService<IOptions<CodeColourOptions>>().Value;

        Assert.Equal(
            [null, null, HealthCode.Yellow, HealthCode.Yellow, HealthCode.Yellow, HealthCode.Red, HealthCode.Red, null],
            Enum.GetValues<Measure>().Select(colours.ColourOf));

        builder.Configuration["CodeColours:Measures:homeHealthMonitoring"] = "red";
        builder.Configuration["CodeColours:Measures:threeDayTwoTests"] = "none";
        using var configured = builder.Services.BuildServiceProvider();
        colours = configured.GetRequiredService<IOptions<CodeColourOptions>>().Value;

        Assert.Equal(HealthCode.Red, colours.ColourOf(Measure.HomeHealthMonitoring));
        Assert.Null(colours.ColourOf(Measure.ThreeDayTwoTests));
        Assert.Equal(HealthCode.Yellow, colours.ColourOf(Measure.HealthMonitoring));
        Assert.Equal([Measure.HealthMonitoring, Measure.HomeHealthMonitoring, Measure.HomeIsolation, Measure.CentralizedQuarantine], colours.Coloured());
    }

    /// <summary>A builder in <paramref name="environment"/> with no configuration (no files, no variables) but what a test sets.</summary>
    private static WebApplicationBuilder Unconfigured(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        ((IConfigurationBuilder)builder.Configuration).Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        return builder;
    }
}
