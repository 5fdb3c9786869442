using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace EntryControl.Web.Infrastructure.Logging;

public static class LoggingExtensions
{
    /// <summary>
    /// Serilog to the console: compact JSON (structured) by default, a readable template with
    /// <c>Logging:Console:Plain=true</c>. Personal data is masked by <see cref="PersonalDataMasking"/>.
    /// </summary>
    public static WebApplicationBuilder AddEntryControlLogging(this WebApplicationBuilder builder)
    {
        // The environment's default first, then the setting where one is given.
        builder.Services.AddOptions<ConsoleLoggingOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.Plain = environment.IsDevelopment())
            .BindConfiguration(ConsoleLoggingOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSerilog((services, logger) =>
        {
            var plain = services.GetRequiredService<IOptions<ConsoleLoggingOptions>>().Value.Plain;
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<PersonalDataMasking>()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
                // A failing command surfaces as an exception that is logged where it is handled; EF's own error line
                // would also report the expected miss of the migrations table on a brand-new database.
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal);
            if (plain)
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
        });
        return builder;
    }
}
