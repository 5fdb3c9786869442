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
            .Configure<IHostEnvironment>((options, environment) =>
            {
                options.Plain = environment.IsDevelopment();
                options.Async = environment.IsProduction();
            })
            .BindConfiguration(ConsoleLoggingOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSerilog((services, logger) =>
        {
            var console = services.GetRequiredService<IOptions<ConsoleLoggingOptions>>().Value;
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With<PersonalDataMasking>()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
                // A failing command surfaces as an exception that is logged where it is handled; EF's own error line
                // would also report the expected miss of the migrations table on a brand-new database.
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal)
                .WriteToConsole(console);
        });
        return builder;
    }

    /// <summary>The template of <c>Logging:Console:Plain</c>: the request's trace and span ids end each line written during one.</summary>
    public const string PlainTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j} {TraceId} {SpanId}{NewLine}{Exception}";

    /// <summary>
    /// The console sink as <paramref name="options"/> say: compact JSON (Serilog 4 writes the trace and span ids of the
    /// <c>Activity</c> current when the event was logged as <c>@tr</c> and <c>@sp</c>) or <see cref="PlainTemplate"/>;
    /// behind a background queue with <c>Async</c> (bounded; a full queue makes writers wait rather than drop lines,
    /// and disposing the logger, which the host does when it stops, writes what is queued).
    /// </summary>
    internal static LoggerConfiguration WriteToConsole(this LoggerConfiguration logger, ConsoleLoggingOptions options)
    {
        void Console(Serilog.Configuration.LoggerSinkConfiguration sink)
        {
            if (options.Plain)
            {
                sink.Console(outputTemplate: PlainTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                sink.Console(new RenderedCompactJsonFormatter());
            }
        }

        if (options.Async)
        {
            return logger.WriteTo.Async(Console, bufferSize: 10_000, blockWhenFull: true);
        }

        Console(logger.WriteTo);
        return logger;
    }
}
