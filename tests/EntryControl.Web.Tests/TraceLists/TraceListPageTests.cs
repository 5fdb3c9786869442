using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static EntryControl.Web.Tests.TraceLists.TraceListApiTests;

namespace EntryControl.Web.Tests.TraceLists;

public sealed class TraceListPageTests(EntryControlApp app) : AppTest(app)
{
    private const string Password = "Staff-pass-123";
    private const string CommandEmail = "command@test.entrycontrol.cn";
    private const string WorkerEmail = "xinhua@test.entrycontrol.cn";

    /// <summary>新华社区 in 临河区 with its worker, the command center, and 张三's declaration.</summary>
    private async Task ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = Linhe })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = WorkerEmail, password = Password, role = "communityWorker", communities = new[] { Xinhua } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/users", new { email = CommandEmail, password = Password, role = "commandCenter" })).EnsureSuccessStatusCode();
        (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).EnsureSuccessStatusCode();
    }

    private static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", Html.AntiforgeryToken(html))));

    [Fact]
    public async Task The_import_page_refuses_a_list_with_a_bad_line_showing_the_line_and_field_then_imports_it_skipping_that_line()
    {
        await ArrangeAsync();
        var command = await App.BrowserForAsync(CommandEmail, Password);
        var html = await command.GetStringAsync("/trace-lists/import", TestContext.Current.CancellationToken);
        var csv = Header + "\n"
            + $"张三,residentId,{DeclarationApiTests.ValidResidentId},13800000000,2022-11-20T10:00:00+08:00,西安,K1178,{Linhe}\n"
            + $"李四,residentId,{LiSi},13900000000,2022-11-20T10:00:00+08:00,西安,K1178,{Linhe}\n"
            + $"王五,residentId,{WangWu},139,,,,{Linhe}\n";

        var refused = await (await command.PostAsync("/trace-lists/import", Form(html, ("Source", "铁路客票"), ("Csv", csv)), TestContext.Current.CancellationToken)).ParseAsync();

        var line = refused.QuerySelector("[data-testid=invalid-line-4]");
        Assert.Contains("手机号", line?.TextContent, StringComparison.Ordinal);
        Assert.Contains("手机号码应为 11 位数字", line?.TextContent, StringComparison.Ordinal);
        Assert.Contains("整份名单未导入", refused.QuerySelector("[data-testid=invalid]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains(LiSi, refused.QuerySelector("textarea#Csv")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.TraceLists.CountAsync()));

        var imported = await (await command.PostAsync("/trace-lists/import", Form(html, ("Source", "铁路客票"), ("Csv", csv), ("SkipInvalid", "true")), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Equal("1", imported.QuerySelector("[data-testid=matched]")?.TextContent);
        Assert.Equal("1", imported.QuerySelector("[data-testid=unmatched]")?.TextContent);
        Assert.Equal("1", imported.QuerySelector("[data-testid=skipped]")?.TextContent);
        Assert.NotNull(imported.QuerySelector("[data-testid=invalid-line-4]"));
        var list = await App.WithDbAsync(db => db.TraceLists.SingleAsync());
        Assert.Equal(("铁路客票", 2, 1), (list.Source, list.Rows, list.Skipped));
    }

    [Fact]
    public async Task The_import_page_speaks_english_and_takes_the_apis_json()
    {
        await ArrangeAsync();
        var command = await App.BrowserForAsync(CommandEmail, Password);
        Assert.Equal(HttpStatusCode.Redirect, (await command.GetAsync("/culture/en?returnUrl=%2F", TestContext.Current.CancellationToken)).StatusCode);
        var html = await command.GetStringAsync("/trace-lists/import", TestContext.Current.CancellationToken);
        Assert.Contains("Import a pushed list", html, StringComparison.Ordinal);
        var json = $$"""{ "source": "公安大数据推送", "rows": [ { "name": "李四", "idType": "residentId", "idNumber": "{{LiSi}}", "phone": "1390000000" } ] }""";

        var refused = await (await command.PostAsync("/trace-lists/import", Form(html, ("Source", ""), ("Csv", json)), TestContext.Current.CancellationToken)).ParseAsync();

        Assert.Contains("The mobile phone number must have 11 digits.", refused.QuerySelector("[data-testid=invalid-line-1]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mobile phone", refused.QuerySelector("[data-testid=invalid-line-1]")?.TextContent, StringComparison.Ordinal);
        var noSource = await (await command.PostAsync("/trace-lists/import", Form(html, ("Source", ""), ("Csv", Header + "\n")), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("Name the list's source", noSource.QuerySelector("[data-valmsg-for=Source]")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_sees_the_check_item_on_the_community_page_and_records_its_result()
    {
        await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/trace-lists", new { source = "铁路客票", rows = new[] { Row("张三", DeclarationApiTests.ValidResidentId), Row("李四", LiSi) } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var id = await App.WithDbAsync(db => db.TraceItems.Where(i => i.Name == "李四").Select(i => i.Id).SingleAsync());
        var worker = await App.BrowserForAsync(WorkerEmail, Password);

        var html = await worker.GetStringAsync("/community", TestContext.Current.CancellationToken);
        var page = Html.Parse(html);
        Assert.Equal("1", page.QuerySelector("[data-testid=count-check]")?.TextContent);
        var card = page.QuerySelector($"[data-testid=check-{id:N}]");
        Assert.Contains("李四", card?.TextContent, StringComparison.Ordinal);
        Assert.Contains("139****0000", card?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(LiSi, html, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000000", html, StringComparison.Ordinal);

        // The full number on request (audited), to phone the traveler.
        var contact = Html.Parse(await worker.GetStringAsync(card!.QuerySelector("[data-testid=show-contact]")!.GetAttribute("href")!, TestContext.Current.CancellationToken));
        Assert.Equal("13900000000", contact.QuerySelector($"[data-testid=check-{id:N}] a[data-testid=phone]")?.TextContent);

        // "Other" needs a note: the error is shown next to the note and nothing is stored.
        var action = card.QuerySelector("form[data-testid=resolve]")!.GetAttribute("action")!;
        var refused = await (await worker.PostAsync(action, Form(html, ("item", id.ToString()), ("outcome", "other"), ("note", ""), ("declarationCode", "")), TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Contains("请填写说明", refused.QuerySelector($"[data-testid=check-{id:N}] #n-{id:N} + .invalid-feedback")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(TraceItemStatus.Open, await App.WithDbAsync(db => db.TraceItems.Where(i => i.Id == id).Select(i => i.Status).SingleAsync()));

        var recorded = await worker.PostAsync(action, Form(html, ("item", id.ToString()), ("outcome", "alreadyLeft"), ("note", "已返回西安"), ("declarationCode", "")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var after = Html.Parse(await worker.GetStringAsync(recorded.Headers.Location!.ToString(), TestContext.Current.CancellationToken));
        Assert.Equal("核查结果已记录。", after.QuerySelector("[data-testid=status]")?.TextContent);
        Assert.Equal("0", after.QuerySelector("[data-testid=count-check]")?.TextContent);
        var item = await App.WithDbAsync(db => db.TraceItems.SingleAsync(i => i.Id == id));
        Assert.Equal((TraceItemStatus.Resolved, TraceOutcome.AlreadyLeft, "已返回西安"), (item.Status, item.Outcome, item.Note));
    }

    [Fact]
    public async Task The_command_center_sees_open_check_items_per_county_and_the_list_page_and_workers_do_not()
    {
        await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/trace-lists", new { source = "铁路客票", rows = new[] { Row("李四", LiSi), Row("王五", WangWu) } }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var command = await App.BrowserForAsync(CommandEmail, Password);

        var report = await (await command.GetAsync("/command", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("2", report.QuerySelector("[data-testid=tile-check]")?.TextContent);
        var county = report.QuerySelector($"[data-testid=county-{Linhe}]");
        Assert.Contains("临河区", county?.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/trace-lists?status=open&region={Linhe}", county?.QuerySelector("a")?.GetAttribute("href"));

        var list = await (await command.GetAsync($"/trace-lists?status=open&region={Linhe}", TestContext.Current.CancellationToken)).ParseAsync();
        Assert.Equal("2", list.QuerySelector("[data-testid=total]")?.TextContent);
        Assert.Equal(2, list.QuerySelectorAll("[data-testid=items] article").Length);
        Assert.Contains("铁路客票", list.QuerySelector("[data-testid=list]")?.TextContent, StringComparison.Ordinal);

        var worker = await App.BrowserForAsync(WorkerEmail, Password);
        var denied = await worker.GetAsync("/trace-lists/import", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
