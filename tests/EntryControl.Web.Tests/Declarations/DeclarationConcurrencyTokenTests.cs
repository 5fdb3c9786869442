using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Data;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>
/// The declaration's <c>xmin</c> concurrency token: a save based on a read that another writer has since changed is
/// refused (the API answers 409), instead of silently overwriting what the other wrote.
/// </summary>
public sealed class DeclarationConcurrencyTokenTests(EntryControlApp app) : AppTest(app)
{
    [Fact]
    public async Task A_declaration_saved_from_a_stale_read_is_refused_and_the_other_writers_change_kept()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();

        await using var staleScope = App.Services.CreateAsyncScope();
        var stale = staleScope.ServiceProvider.GetRequiredService<EntryControlDbContext>();
        var read = await stale.Declarations.SingleAsync(d => d.Id == id, TestContext.Current.CancellationToken);

        await App.WithDbAsync(async db =>
        {
            var current = await db.Declarations.SingleAsync(d => d.Id == id);
            current.Address = "first writer";
            return await db.SaveChangesAsync();
        });

        read.Address = "second writer";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync(TestContext.Current.CancellationToken));
        Assert.Equal("first writer", await App.WithDbAsync(db => db.Declarations.Where(d => d.Id == id).Select(d => d.Address).SingleAsync()));
    }
}
