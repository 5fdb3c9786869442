using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace EntryControl.Web.Infrastructure.Http;

public static class HttpServiceCollectionExtensions
{
    /// <summary>JSON conventions of the API, problem details for every error, OpenAPI.</summary>
    public static IServiceCollection AddEntryControlHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // traceId: the request's W3C trace id (the client's traceparent when it sent one; ASP.NET Core's default is the whole traceparent), the one every log line of the
        // request carries (@tr in the JSON lines), so a problem a user reports leads to its logs and its trace.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        // Every cookie (staff session, antiforgery, language) is Secure when the page came over HTTPS.
        services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);
        // The environment's default first, then the setting where one is given.
        services.AddOptions<ApiDocumentationOptions>()
            .Configure<IHostEnvironment>((options, environment) => options.Documentation = environment.IsDevelopment())
            .BindConfiguration(ApiDocumentationOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<DatabaseOutages>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EntryControl API";
            document.Info.Description = "Entry declaration and checkpoint verification (api.md v1).";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The OpenAPI document and the Scalar reference, when <c>Api:Documentation</c> is on.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ApiDocumentationOptions>>().Value.Documentation)
        {
            app.MapOpenApi();
            app.MapScalarApiReference(options => options
                .WithTitle("EntryControl API")
                .DisableDefaultFonts() // no font CDN: users' networks may be closed
                .DisableAgent());
        }

        return app;
    }

    /// <summary>The API's JSON conventions, for pages that show JSON as the API writes it (stored JSON has its own: StoredJson).</summary>
    public static readonly JsonSerializerOptions JsonOptions = CreateJsonOptions();

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ConfigureJson(options);
        return options;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The web defaults read "36.5" as a number: a number must be sent as one, or the field is named in a 400.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new SafeStringJsonConverter());
    }

    /// <summary>
    /// After routing (route values are known): the inputs no handler can use are refused at the edge
    /// (<see cref="RequestInputGuard"/>).
    /// </summary>
    public static WebApplication UseEntryControlInputGuard(this WebApplication app)
    {
        app.UseMiddleware<RequestInputGuard>();
        return app;
    }

    /// <summary>
    /// The security headers on every response (<see cref="SecurityHeadersMiddleware"/>), HSTS on HTTPS responses outside
    /// Development (HSTS is never sent over plain HTTP, nor for localhost), Secure cookies over HTTPS.
    /// </summary>
    public static WebApplication UseEntryControlSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseCookiePolicy();
        return app;
    }

    /// <summary>Problem details for bare status codes (401, 403, 404, 405 …) under /api; a friendly page elsewhere.</summary>
    public static WebApplication UseEntryControlErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            // The error page then says why: the client's unreadable request (4xx), a write conflict (409), or a database
            // briefly unavailable (503; ApiExceptionHandler has set Retry-After).
            StatusCodeSelector = ApiExceptionHandler.StatusCode,
            // A request the client got wrong is logged once, at Warning, by ApiExceptionHandler: no Error, no stack
            // trace; an outage is logged by DatabaseOutages, once per outage rather than once per request.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException
                || Data.DatabaseErrors.IsOutage(context.Exception)
                || context.ExceptionHandledBy == Microsoft.AspNetCore.Diagnostics.ExceptionHandledType.ExceptionHandlerService,
        });
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/Status/{0}"));
        return app;
    }
}
