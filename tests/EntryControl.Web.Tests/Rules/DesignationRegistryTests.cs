using System.Net;
using System.Net.Http.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Rules;

public sealed class DesignationRegistryTests(EntryControlApp app) : AppTest(app)
{
    private static readonly object Trip = new
    {
        destination = "150802",
        arrivalAt = "2022-11-20T10:00:00+08:00",
        stays = new[] { new { region = "110101", areas = new[] { "东华门街道" }, from = "2022-11-14", to = "2022-11-18" } },
    };

    private static async Task<string?> MeasureAsync(HttpClient client) =>
        (await (await client.PostAsJsonAsync("/api/v1/evaluations", Trip, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK))
            .GetProperty("measure").GetString();

    [Fact]
    public async Task A_designation_written_behind_the_registrys_back_is_seen_once_the_snapshot_reaches_the_refresh_age()
    {
        var refreshAge = TimeSpan.FromSeconds(App.Services.GetRequiredService<IConfiguration>().GetValue("RiskAreas:RefreshSeconds", 30));
        var client = App.CreateClient();
        Assert.Equal("threeDayTwoTests", await MeasureAsync(client));

        // Another instance of the portal, or someone at the database, writes the registry: this one is not told.
        await App.WithDbAsync(db =>
        {
            db.RiskAreas.Add(new RiskArea
            {
                Id = Guid.CreateVersion7(),
                Region = "110101",
                Area = "东华门街道",
                Level = RiskLevel.High,
                From = new DateOnly(2022, 11, 10),
                CreatedAt = App.Clock.GetUtcNow(),
                UpdatedAt = App.Clock.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        });

        App.Clock.Advance(refreshAge - TimeSpan.FromSeconds(1));
        Assert.Equal("threeDayTwoTests", await MeasureAsync(client));

        App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("homeIsolation", await MeasureAsync(client));
    }
}
