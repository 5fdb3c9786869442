using System.Net;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>What a Production instance refuses: demo accounts with a published password, and an anonymous API map.</summary>
public sealed class ProductionSafetyTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task Production_with_demo_data_refuses_to_start_naming_the_setting()
    {
        var failure = await HostStart.FailureOfAsync(App, builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Seed:DemoData", "true");
        });

        Assert.Contains("Seed:DemoData must not be true in Production", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_hides_the_openapi_document_and_scalar_unless_switched_on()
    {
        await using (var production = App.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            // The fixture switches the documentation on for its own tests; Production's default is what is tested here.
            builder.ConfigureAppConfiguration(configuration =>
                configuration.AddInMemoryCollection([new KeyValuePair<string, string?>("Api:Documentation", null)]));
        }))
        {
            var client = production.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/v1", TestContext.Current.CancellationToken)).StatusCode);
        }

        await using var documented = App.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Api:Documentation", "true");
        });
        Assert.Equal(HttpStatusCode.OK, (await documented.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
    }
}
