using System.Text.Json;
using System.Text.Json.Serialization;

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
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EntryControl API";
            document.Info.Description = "Entry declaration and checkpoint verification (api.md v1).";
            return Task.CompletedTask;
        }));
        return services;
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

    /// <summary>Problem details for bare status codes (401, 403, 404, 405 …) under /api; a friendly page elsewhere.</summary>
    public static WebApplication UseEntryControlErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            StatusCodeSelector = ApiExceptionHandler.StatusCode,
            // A request the client got wrong is logged once, at Warning, by ApiExceptionHandler: no Error, no stack trace.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException
                || context.ExceptionHandledBy == Microsoft.AspNetCore.Diagnostics.ExceptionHandledType.ExceptionHandlerService,
        });
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/Status/{0}"));
        return app;
    }
}
