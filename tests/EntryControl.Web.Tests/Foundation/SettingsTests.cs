using EntryControl.Web.Tests.Infrastructure;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>Settings are validated options: a bad value stops the start-up with a message that names the setting.</summary>
public sealed class SettingsTests(EntryControlApp app) : AppTest(app)
{
    [Theory]
    [InlineData("RateLimiting:PermitPerMinute", "0", "RateLimiting:PermitPerMinute must be at least 1")]
    [InlineData("RateLimiting:DeclarationsPerSecond", "0", "RateLimiting:DeclarationsPerSecond must be at least 1")]
    [InlineData("RiskAreas:RefreshSeconds", "-1", "RiskAreas:RefreshSeconds must be at least 0")]
    [InlineData("Auth:MaxFailedAccessAttempts", "0", "Auth:MaxFailedAccessAttempts must be at least 1")]
    [InlineData("Auth:LockoutMinutes", "0", "Auth:LockoutMinutes must be at least 1")]
    [InlineData("Auth:SessionCheckSeconds", "6", "Auth:SessionCheckSeconds must be between 0 and 5")]
    [InlineData("Auth:SignInPermitPerMinute", "0", "Auth:SignInPermitPerMinute must be at least 1")]
    [InlineData("Auth:AccountMaxFailedAttempts", "0", "Auth:AccountMaxFailedAttempts must be at least 1")]
    [InlineData("Bootstrap:AdminPassword", "", "Bootstrap:AdminEmail and Bootstrap:AdminPassword go together")]
    [InlineData("Database:MigrateOnStartup", "sometimes", "'Database:MigrateOnStartup'")]
    [InlineData("Database:MaxAutoPrepare", "-1", "Database:MaxAutoPrepare must be between 0 and 1000")]
    [InlineData("Logging:Console:Plain", "maybe", "'Logging:Console:Plain'")]
    [InlineData("CodeColours:Measures:homeIsolation", "purple", "CodeColours:Measures:homeIsolation must be red, yellow or none")]
    [InlineData("CodeColours:Measures:quarantine", "red", "CodeColours:Measures:quarantine is not a measure")]
    [InlineData("Transit:MaxHours", "0", "Transit:MaxHours must be between 1 and 720")]
    [InlineData("Metrics:Port", "0", "Metrics:Port must be a TCP port from 1 to 65535")]
    [InlineData("Metrics:Port", "65536", "Metrics:Port must be a TCP port from 1 to 65535")]
    [InlineData("Logging:Console:Async", "maybe", "'Logging:Console:Async'")]
    public async Task A_bad_value_stops_the_start_up_naming_the_setting(string setting, string value, string message)
    {
        var failure = await HostStart.FailureOfAsync(App, builder => builder.UseSetting(setting, value));

        Assert.Contains(message, failure, StringComparison.Ordinal);
    }
}
