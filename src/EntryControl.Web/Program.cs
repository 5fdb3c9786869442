using EntryControl.Web.Data;
using EntryControl.Web.Features;
using EntryControl.Web.Features.Alerts;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.CodeAssignments;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.FollowUps;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.PolicyAuthoring;
using EntryControl.Web.Features.Reevaluation;
using EntryControl.Web.Features.Reports;
using EntryControl.Web.Features.Retention;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Scans;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Features.Transit;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Caching;
using EntryControl.Web.Infrastructure.Http;
using EntryControl.Web.Infrastructure.Idempotency;
using EntryControl.Web.Infrastructure.KeyRing;
using EntryControl.Web.Infrastructure.Localization;
using EntryControl.Web.Infrastructure.Logging;
using EntryControl.Web.Infrastructure.Scheduling;
using EntryControl.Web.Infrastructure.Telemetry;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.AddEntryControlLogging();
builder.AddEntryControlTelemetry();
await builder.AddEntryControlDevelopmentToolsAsync();
builder.AddEntryControlData();
builder.AddEntryControlScheduler();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddEntryControlHttp();
builder.Services.AddEntryControlForwardedHeaders();
builder.Services.AddEntryControlResponseCompression();
builder.Services.AddEntryControlKeyRing();
builder.Services.AddEntryControlCacheInvalidation();
builder.Services.AddEntryControlLocalization();
builder.Services.AddStaffAuthentication();
builder.Services.AddStaff();
builder.Services.AddReferenceData();
builder.Services.AddRiskAreas();
builder.Services.AddEvaluations();
builder.Services.AddDeclarations();
builder.Services.AddAlerts();
builder.Services.AddReevaluation();
builder.Services.AddPolicyAuthoring();
builder.Services.AddScans();
builder.Services.AddFollowUps();
builder.Services.AddTraceLists();
builder.Services.AddReports();
builder.Services.AddCodeAssignments();
builder.Services.AddTransit();
builder.Services.AddRetention();
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/Admin", EntryControl.Web.Features.Auth.Roles.Admin);
        o.Conventions.AuthorizeFolder("/Scans", EntryControl.Web.Features.Auth.Roles.CheckpointOfficer);
        o.Conventions.AuthorizeFolder("/FollowUps", EntryControl.Web.Features.Auth.Roles.CommunityWorker);
        o.Conventions.AuthorizeFolder("/Reports", EntryControl.Web.Features.Auth.StaffPolicies.Reports);
        o.Conventions.AuthorizeFolder("/TraceLists", EntryControl.Web.Features.Auth.StaffPolicies.Reports);
        // What a release notice's QR code opens: the same page, found by the notice's own verification code.
        o.Conventions.AddPageRoute("/Declarations/Release", "release/{verification}");
    })
    .AddMvcOptions(o =>
    {
        o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        o.Filters.Add<PageInputFilter>();
    })
    .AddViewLocalization().AddDataAnnotationsLocalization(o =>
    o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(EntryControl.Web.SharedResource)));
builder.Services.WithoutKeyRingWarmUp();

var app = builder.Build();

// Before everything: the metrics port (Metrics:Port) serves /metrics and nothing else.
app.UseMetricsPort();
// The client's real address and scheme from the configured proxies, before anything reads them.
app.UseEntryControlForwardedHeaders();
// Outermost: the request log sees the final status, after the error handling, and no exception a handler answered.
app.UseSerilogRequestLogging();
app.UseEntryControlSecurityHeaders();
// Pages, JSON and CSV compressed as they are written (static files come compressed from the build).
app.UseResponseCompression();
app.UseEntryControlErrorHandling();
app.UseRequestLocalization();
app.UseStartupGate();
app.UseRouting();
app.UseRequestBodyLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseEntryControlInputGuard();
app.UseRateLimiter();
app.UseMiddleware<IdempotencyMiddleware>();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapMetrics();
app.MapApiDocumentation();
app.MapLanguageSwitch();
app.MapAuthEndpoints();
app.MapStaffEndpoints();
app.MapReferenceDataEndpoints();
app.MapRiskAreaEndpoints();
app.MapPolicyEndpoints();
app.MapEvaluationEndpoints();
app.MapDeclarationEndpoints();
app.MapAlertEndpoints();
app.MapReevaluationEndpoints();
app.MapPolicyAuthoringEndpoints();
app.MapScanEndpoints();
app.MapFollowUpEndpoints();
app.MapTraceListEndpoints();
app.MapReportEndpoints();
app.MapCodeAssignmentEndpoints();
app.MapTransitEndpoints();
app.MapAuditEndpoints();
app.MapEntryControlDevelopmentTools();
// Static files: fingerprinted URLs cached for a year, served from the copies the build compressed.
app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();

app.Lifetime.ApplicationStarted.Register(() =>
    Console.WriteLine($"EntryControl is running at {string.Join(", ", app.Urls)}"));

await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
