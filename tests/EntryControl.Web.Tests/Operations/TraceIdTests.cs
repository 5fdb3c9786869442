using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using EntryControl.Web.Infrastructure.Logging;
using EntryControl.Web.Tests.Infrastructure;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace EntryControl.Web.Tests.Operations;

public sealed class TraceIdTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task A_request_that_logs_carries_the_callers_trace_id_in_its_log_event_both_console_formats_and_its_problem()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/evaluations")
        {
            Content = new StringContent("{\"destination\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        var response = await App.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(traceId, problem.GetProperty("traceId").GetString());
        // The malformed body is logged once at Warning, inside the request's span (the server's own, under the caller's).
        var logged = Assert.Single(App.Logs.Events, e => e.TraceId?.ToHexString() == traceId);
        Assert.Equal(Serilog.Events.LogEventLevel.Warning, logged.Level);
        var span = logged.SpanId?.ToHexString();
        Assert.NotNull(span);
        Assert.NotEqual(callerSpan, span);

        using var json = new StringWriter(CultureInfo.InvariantCulture);
        new RenderedCompactJsonFormatter().Format(logged, json);
        Assert.Contains($"\"@tr\":\"{traceId}\"", json.ToString(), StringComparison.Ordinal);
        Assert.Contains($"\"@sp\":\"{span}\"", json.ToString(), StringComparison.Ordinal);
        using var plain = new StringWriter(CultureInfo.InvariantCulture);
        new MessageTemplateTextFormatter(LoggingExtensions.PlainTemplate, CultureInfo.InvariantCulture).Format(logged, plain);
        Assert.Contains($"{traceId} {span}", plain.ToString(), StringComparison.Ordinal);
    }
}
