using EntryControl.Web.Data;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>The demo data says what it added, so a restart over a loaded database logs "already present".</summary>
public sealed class DemoDataTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task Loading_the_demo_data_twice_adds_everything_once_and_then_nothing()
    {
        async Task<DemoDataAdded> LoadAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(TestContext.Current.CancellationToken);
        }

        var first = await LoadAsync();
        var second = await LoadAsync();

        Assert.Equal(new DemoDataAdded(DemoData.Communities.Count, DemoData.Checkpoints.Count, DemoData.RiskAreas.Count, DemoData.Staff.Count, true, true), first);
        Assert.False(first.Nothing);
        Assert.True(second.Nothing);
    }
}
