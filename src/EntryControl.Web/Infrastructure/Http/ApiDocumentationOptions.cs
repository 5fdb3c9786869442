namespace EntryControl.Web.Infrastructure.Http;

/// <summary>The <c>Api</c> settings.</summary>
public sealed class ApiDocumentationOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Serve the OpenAPI document (<c>/openapi/v1.json</c>) and its reference page (<c>/scalar</c>), anonymously.
    /// Default: on in Development only, so a deployed portal does not hand its map to anyone who asks.
    /// </summary>
    public bool Documentation { get; set; }
}
