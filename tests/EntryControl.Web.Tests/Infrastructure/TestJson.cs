using System.Text.Json;
using EntryControl.Web.Infrastructure.Http;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>The API's JSON conventions (camelCase, enums as camelCase strings) for reading typed responses.</summary>
public static class TestJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        HttpServiceCollectionExtensions.ConfigureJson(options);
        return options;
    }
}
