using EntryControl.Web.Features.Auth;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EntryControl.Web.Infrastructure.Telemetry;

public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable: when it is set, traces and metrics are also pushed there over OTLP.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry traces and metrics of ASP.NET Core, HttpClient and Npgsql, plus the portal's own counters
    /// (<see cref="PortalMetrics"/>); a Prometheus scrape endpoint (<see cref="MapMetrics"/>), and OTLP export only when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads it, and the other <c>OTEL_EXPORTER_OTLP_*</c>
    /// variables, itself). With <c>Metrics:Port</c> the server also listens on that port (<see cref="ListenOnMetricsPort"/>).
    /// </summary>
    public static WebApplicationBuilder AddEntryControlTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PortalMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "entrycontrol", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    // .NET 9+ publishes the runtime's own metrics (GC, thread pool) on this meter.
                    .AddMeter("System.Runtime")
                    .AddMeter("Npgsql")
                    .AddMeter(PortalMetrics.MeterName)
                    // Every scrape sees the counters as they are now (the exporter caches an answer for 300 ms by default).
                    .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options =>
                        // Probes and scrapes every few seconds would drown the traces that matter.
                        options.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(MetricsPath))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        builder.ListenOnMetricsPort();
        return builder;
    }

    /// <summary>
    /// Kestrel listens where <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) or, without them, <c>http_ports</c> /
    /// <c>https_ports</c> say, else on http://localhost:5000. Listening on an extra port in code (<c>ListenAnyIP</c>)
    /// would make Kestrel drop all of those, so the metrics port is added to that same list instead. When endpoints are
    /// configured under <c>Kestrel:Endpoints</c> (which override the list anyway), the port is added beside them.
    /// The test server has no Kestrel and ignores both.
    /// </summary>
    private static void ListenOnMetricsPort(this WebApplicationBuilder builder)
    {
        if (!int.TryParse(builder.Configuration[$"{MetricsOptions.Section}:{nameof(MetricsOptions.Port)}"], out var port) || port is < 1 or > 65535)
        {
            // Unset, or invalid: the options validation stops the start-up with the setting's name.
            return;
        }

        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
            return;
        }

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var fromPorts = Ports(builder.Configuration["http_ports"], "http").Concat(Ports(builder.Configuration["https_ports"], "https")).ToList();
            urls = fromPorts.Count > 0 ? string.Join(';', fromPorts) : "http://localhost:5000";
        }

        builder.WebHost.UseUrls($"{urls};http://*:{port}");
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");

    /// <summary>
    /// With <c>Metrics:Port</c>: a request that arrived on that port (the connection's local port, not the Host header,
    /// which the client writes) gets <c>/metrics</c> anonymously and a 404 for anything else. Goes first in the pipeline.
    /// </summary>
    public static IApplicationBuilder UseMetricsPort(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is not { } port)
        {
            return app;
        }

        return app.MapWhen(context => context.Connection.LocalPort == port, metricsPort =>
        {
            metricsPort.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsPath);
            metricsPort.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }

    /// <summary><c>/metrics</c> on the main port: admins only (bearer or cookie), answered 401/403 like the API.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Roles.Admin).ExcludeFromDescription();
        return endpoints;
    }
}
