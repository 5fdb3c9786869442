using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Retention;
using EntryControl.Web.Infrastructure.Scheduling;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace EntryControl.Web.Tests.Retention;

/// <summary>Personal data are erased a set number of days (default 28) after a declaration's last phase ends.</summary>
public sealed class PersonalDataRetentionTests(EntryControlApp app) : AppTest(app)
{
    private const string Later = "110105194912310046";

    [Fact]
    public async Task A_declaration_past_retention_is_erased_keeping_the_report_and_auditing_the_run_while_a_later_one_is_kept()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var client = App.CreateClient();
        var early = (await (await client.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var late = (await (await client.PostAsJsonAsync("/api/v1/declarations",
            DeclarationApiTests.Body(Later, arrivalAt: "2022-11-27T10:00:00+08:00"), TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // The day each one's data may be kept until: its last phase's end, or its arrival day without a phase.
        var anchors = await App.WithDbAsync(async db =>
        {
            var rows = await db.Declarations.AsNoTracking().Select(d => new { d.Id, d.ArrivalAt, LastEnd = db.MeasurePhases.Where(p => p.DeclarationId == d.Id).Max(p => (DateOnly?)p.End) })
                .ToListAsync(TestContext.Current.CancellationToken);
            return rows.ToDictionary(r => r.Id, r => r.LastEnd is { } end && end > ChinaTime.LocalDate(r.ArrivalAt) ? end : ChinaTime.LocalDate(r.ArrivalAt));
        });
        Assert.True(anchors[late] > anchors[early]);
        // 29 days after the early one's anchor: past 28 days for it, not for the later one.
        App.Clock.Set(ChinaTime.StartOfDay(anchors[early].AddDays(29)).AddHours(4));
        var command = await App.StaffClientAsync("commandCenter");
        var reportBefore = await command.GetStringAsync("/api/v1/reports/daily?date=2022-11-20", TestContext.Current.CancellationToken);

        await using var scope = App.Services.CreateAsyncScope();
        var erased = await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal((anchors[early].AddDays(1), 1, 0), (erased.Cutoff, erased.Declarations, erased.TraceItems));
        var rows = await App.WithDbAsync(db => db.Declarations.AsNoTracking().ToDictionaryAsync(d => d.Id, TestContext.Current.CancellationToken));
        var gone = rows[early];
        Assert.Equal((string.Empty, string.Empty, null, string.Empty, null), (gone.TravelerName, gone.IdNumber, gone.Phone, gone.Address, gone.IdNumberHash));
        Assert.NotNull(gone.PersonalDataErasedAt);
        Assert.Equal("150802001001", gone.CommunityCode);
        var kept = rows[late];
        Assert.Equal(("张三", Later, "13800000000"), (kept.TravelerName, kept.IdNumber, kept.Phone));
        Assert.NotNull(kept.IdNumberHash);
        Assert.Null(kept.PersonalDataErasedAt);
        Assert.Equal(reportBefore, await command.GetStringAsync("/api/v1/reports/daily?date=2022-11-20", TestContext.Current.CancellationToken));
        var entry = Assert.Single(await App.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Action == AuditAction.Erase).ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(("personalData", 1), (entry.Subject, entry.Records));
        Assert.DoesNotContain("张三", entry.Detail, StringComparison.Ordinal);
        // The traveler's page and the API say the data were erased, rather than showing blank fields.
        var view = await (await client.GetAsync($"/api/v1/declarations/{gone.Code}", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, view.GetProperty("personalDataErasedAt").ValueKind);
        Assert.Equal(string.Empty, view.GetProperty("traveler").GetProperty("name").GetString());
        var page = await (await client.GetAsync($"/d/{gone.Code}?culture=en", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("personal data were erased", page.QuerySelector("[data-testid=personal-data-erased]")?.TextContent, StringComparison.Ordinal);
        var keptPage = await (await client.GetAsync($"/d/{kept.Code}", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Null(keptPage.QuerySelector("[data-testid=personal-data-erased]"));
        // Run again the same day: nothing more to erase.
        Assert.Equal(0, (await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().RunAsync(TestContext.Current.CancellationToken)).Declarations);
    }

    [Fact]
    public async Task The_erasure_runs_daily_on_the_clustered_scheduler()
    {
        var scheduler = await App.Services.GetRequiredKeyedService<ISchedulerFactory>(SchedulingExtensions.SchedulerName).GetScheduler(TestContext.Current.CancellationToken);

        var trigger = Assert.IsAssignableFrom<ICronTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(PersonalDataRetentionJob.Key, TestContext.Current.CancellationToken)));
        var job = await scheduler.GetJobDetail(PersonalDataRetentionJob.Key, TestContext.Current.CancellationToken);

        Assert.Equal("0 30 3 * * ?", trigger.CronExpressionString);
        Assert.Equal(TimeSpan.FromHours(8), trigger.TimeZone.BaseUtcOffset);
        Assert.True(job!.Durable);
        Assert.True((await scheduler.GetMetadata(TestContext.Current.CancellationToken)).JobStoreClustered);
    }

    [Fact]
    public async Task A_bad_retention_stops_the_start_up_naming_the_setting()
    {
        var failure = await HostStart.FailureOfAsync(App, builder => builder.UseSetting("Retention:PersonalDataDays", "0"));

        Assert.Contains("Retention:PersonalDataDays must be between 1 and 3650", failure, StringComparison.Ordinal);
    }
}
