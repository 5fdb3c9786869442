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
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
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
            // The error page then says the service is briefly unavailable (ApiExceptionHandler has set Retry-After).
            StatusCodeSelector = exception => !Data.DatabaseErrors.IsWriteConflict(exception) && Data.DatabaseErrors.IsOutage(exception)
                ? StatusCodes.Status503ServiceUnavailable
                : Data.DatabaseErrors.IsWriteConflict(exception) ? StatusCodes.Status409Conflict : StatusCodes.Status500InternalServerError,
        });
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/Status/{0}"));
        return app;
    }
}
