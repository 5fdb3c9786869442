using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EntryControl.Web.Tests.Operations;

/// <summary>Reads <c>/metrics</c> (Prometheus text format) and sums a metric's samples that carry a label.</summary>
public static partial class Scrape
{
    public static async Task<string> MetricsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The sum of <paramref name="metric"/>'s samples with <c>label="value"</c> (0 when there is none yet).</summary>
    public static double Value(string text, string metric, string label, string value) =>
        text.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    public static async Task<double> ValueAsync(HttpClient client, string metric, string label, string value) =>
        Value(await MetricsAsync(client), metric, label, value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)\{(?<labels>[^}]*)\}\s+(?<value>\S+)")]
    private static partial Regex Sample();
}
