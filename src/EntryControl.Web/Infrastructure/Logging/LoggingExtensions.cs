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
        var plain = builder.Configuration.GetValue("Logging:Console:Plain", builder.Environment.IsDevelopment());
        builder.Services.AddSerilog((services, logger) =>
        {
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
