using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryControl.Web.Features.Audit;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.TraceLists;

public sealed class TraceListApiTests(EntryControlApp app) : AppTest(app)
{
    internal const string Xinhua = "150802001001";
    internal const string Linhe = "150802";
    internal const string Erenhot = "152501";
    private const string ErenhotCommunity = "152501001001";

    /// <summary>李四 (a resident ID of the 1980s) is on the lists but has not declared.</summary>
    internal static readonly string LiSi = ResidentId("15080219800101001");

    internal static readonly string WangWu = ResidentId("15250119900202002");

    internal const string Header = "name,idType,idNumber,phone,arrivalAt,origin,carrier,destinationRegion";

    /// <summary>A valid resident ID: the 17 digits and their GB 11643 check character.</summary>
    internal static string ResidentId(string first17) => first17 + IdentityDocuments.CheckCharacter(first17);

    /// <summary>Communities in 临河区 and 二连浩特市; 张三 declared for 新华社区, arriving 2022-11-20 10:00.</summary>
    private async Task<Guid> ArrangeAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = Xinhua, name = "新华社区", region = Linhe })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = ErenhotCommunity, name = "口岸社区", region = Erenhot })).EnsureSuccessStatusCode();
        var created = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body())).AssertJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("id").GetGuid();
    }

    internal static object Row(string name, string idNumber, string? arrivalAt = "2022-11-20T09:40:00+08:00", string? destination = Linhe, string? phone = "13900000000", string idType = "residentId") =>
        new { name, idType, idNumber, phone, arrivalAt, origin = "西安", carrier = "K1178", destinationRegion = destination };

    private static async Task<JsonElement> ImportAsync(HttpClient client, object body, HttpStatusCode expected = HttpStatusCode.Created, string query = "") =>
        await (await client.PostAsJsonAsync("/api/v1/trace-lists" + query, body, TestContext.Current.CancellationToken)).AssertJsonAsync(expected);

    private static Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, string query, bool bom = false)
    {
        var bytes = (bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return client.PostAsync("/api/v1/trace-lists" + query, content, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> ItemsAsync(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/v1/trace-items" + query, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

    private static string[] Names(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    private static Task<HttpResponseMessage> ResolveAsync(HttpClient client, Guid id, object body) =>
        client.PostAsJsonAsync($"/api/v1/trace-items/{id}/resolution", body, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_list_with_one_registered_and_one_unregistered_traveler_gives_one_match_and_one_check_item_for_the_destination_countys_worker()
    {
        var zhang = await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var linheWorker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        var erenhotWorker = await App.StaffClientAsync("communityWorker", communities: [ErenhotCommunity]);

        // The railway's list: 张三 (declared; the list writes the check character in lower case) and 李四 (not declared).
        var response = await command.PostAsJsonAsync("/api/v1/trace-lists", new
        {
            source = "铁路客票",
            rows = new[] { Row("张三", DeclarationApiTests.ValidResidentId.ToLowerInvariant()), Row("李四", LiSi) },
        }, TestContext.Current.CancellationToken);

        var imported = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal((2, 1, 1, 0), (imported.GetProperty("rows").GetInt32(), imported.GetProperty("matched").GetInt32(), imported.GetProperty("unmatched").GetInt32(), imported.GetProperty("invalid").GetArrayLength()));
        var listId = imported.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/trace-lists/{listId}", response.Headers.Location?.ToString());
        var list = await (await command.GetAsync(response.Headers.Location, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("铁路客票", 2, 1, 1, 1), (list.GetProperty("source").GetString(), list.GetProperty("rows").GetInt32(), list.GetProperty("matched").GetInt32(), list.GetProperty("unmatched").GetInt32(), list.GetProperty("open").GetInt32()));
        await (await command.GetAsync($"/api/v1/trace-lists/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        var matched = await App.WithDbAsync(db => db.TraceItems.SingleAsync(i => i.Name == "张三"));
        Assert.Equal((TraceItemStatus.Matched, zhang), (matched.Status, matched.DeclarationId));

        // 李四 is a check item for 临河区's worker, and not for 二连浩特's.
        var open = await ItemsAsync(linheWorker, "?status=open");
        Assert.Equal((1, 1, 50), (open.GetProperty("total").GetInt32(), open.GetProperty("page").GetInt32(), open.GetProperty("pageSize").GetInt32()));
        var item = Assert.Single(open.GetProperty("items").EnumerateArray());
        Assert.Equal(("李四", "铁路客票", Linhe, "open", listId), (item.GetProperty("name").GetString(), item.GetProperty("source").GetString(), item.GetProperty("destinationRegion").GetString(), item.GetProperty("status").GetString(), item.GetProperty("listId").GetGuid()));
        Assert.Equal(("西安", "K1178"), (item.GetProperty("origin").GetString(), item.GetProperty("carrier").GetString()));
        var id = item.GetProperty("id").GetGuid();
        Assert.Equal(0, (await ItemsAsync(erenhotWorker)).GetProperty("total").GetInt32());
        await (await erenhotWorker.GetAsync($"/api/v1/trace-items?region={Linhe}", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ResolveAsync(erenhotWorker, id, new { outcome = "notInArea" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["李四"], Names(await ItemsAsync(command, "?status=open")));

        // The worker phones 李四, who is in 包头, and records it: the item leaves the open list.
        var resolved = await (await ResolveAsync(linheWorker, id, new { outcome = "notInArea", note = "电话联系，本人在包头" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(("notInArea", "电话联系，本人在包头"), (resolved.GetProperty("resolution").GetProperty("outcome").GetString(), resolved.GetProperty("resolution").GetProperty("note").GetString()));
        Assert.Empty(Names(await ItemsAsync(linheWorker, "?status=open")));
        Assert.Equal(["李四"], Names(await ItemsAsync(linheWorker, "?status=resolved")));
        Assert.Equal(["李四"], Names(await ItemsAsync(command, "?status=resolved")));
        await (await ResolveAsync(command, id, new { outcome = "alreadyLeft" })).AssertProblemAsync(HttpStatusCode.Conflict);

        // The import and every listing are in the audit log, without ID numbers.
        var audit = await App.WithDbAsync(db => db.AuditLog.OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(audit, a => a is { Action: AuditAction.Import, Subject: "traceList", Records: 2 } && a.Detail.Contains(listId.ToString(), StringComparison.Ordinal));
        Assert.Contains(audit, a => a is { Action: AuditAction.View, Subject: "traceItems", Records: 1 });
        Assert.DoesNotContain(audit, a => a.Detail.Contains(LiSi, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_list_with_a_byte_order_mark_and_quoted_fields_is_read_as_the_source_wrote_it()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var csv = Header + "\r\n"
            + $"\"李四, 小名\",residentId,{LiSi},13900000000,2022-11-20T10:00:00+08:00,\"西安市\"\"雁塔区\"\"\",K1178,{Linhe}\r\n"
            + "\r\n"
            + $"张三,residentId,{DeclarationApiTests.ValidResidentId},,,,,\r\n";

        var imported = await (await PostCsvAsync(command, csv, "?source=" + Uri.EscapeDataString("民航旅客"), bom: true)).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal((2, 1, 1), (imported.GetProperty("rows").GetInt32(), imported.GetProperty("matched").GetInt32(), imported.GetProperty("unmatched").GetInt32()));
        var item = Assert.Single((await ItemsAsync(command)).GetProperty("items").EnumerateArray());
        Assert.Equal(("李四, 小名", "西安市\"雁塔区\"", "民航旅客"), (item.GetProperty("name").GetString(), item.GetProperty("origin").GetString(), item.GetProperty("source").GetString()));
        var stored = await App.WithDbAsync(db => db.TraceItems.OrderBy(i => i.Line).Select(i => new { i.Line, i.ArrivalAt }).ToListAsync());
        Assert.Equal([2, 4], stored.Select(s => s.Line));
        Assert.Equal(new DateTimeOffset(2022, 11, 20, 2, 0, 0, TimeSpan.Zero), stored[0].ArrivalAt);
    }

    [Fact]
    public async Task Csv_columns_may_come_in_any_order_under_their_chinese_names()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var csv = "证件号码,姓名,证件类型,座位号,目的地\n" + $"{LiSi},李四,residentId,05车12F,{Linhe}\n";

        await (await PostCsvAsync(command, csv, "?source=rail")).AssertJsonAsync(HttpStatusCode.Created);

        var item = await App.WithDbAsync(db => db.TraceItems.SingleAsync());
        Assert.Equal(("李四", LiSi, Linhe), (item.Name, item.IdNumber, item.DestinationRegion));
        var missing = await (await PostCsvAsync(command, "姓名,手机号\n李四,13900000000\n", "?source=rail")).AssertValidationProblemAsync("header");
        Assert.Contains("idType", missing.GetProperty("errors").GetProperty("header")[0].GetString(), StringComparison.Ordinal);
        await (await PostCsvAsync(command, Header + "\n", string.Empty)).AssertValidationProblemAsync("source");
    }

    [Fact]
    public async Task A_list_with_invalid_rows_is_refused_whole_with_their_lines_and_accepted_without_them_on_request()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var badCheck = LiSi[..17] + (LiSi[17] == '0' ? '1' : '0');
        var csv = Header + "\n"
            + $"李四,residentId,{LiSi},13900000000,2022-11-20T10:00:00+08:00,西安,K1178,{Linhe}\n"
            + $"王五,residentId,{badCheck},12345,,,,{Linhe}\n"
            + "\n"
            + $"赵六,passport,E12345678,,2022-11-20 10:00,\"包头\n东河区\",,150800\n"
            + $"钱七,idCard,X1,,,,,{Linhe}\n";

        var refused = await PostCsvAsync(command, csv, "?source=rail");

        var problem = await refused.AssertValidationProblemAsync(
            "line 3: idNumber", "line 3: phone", "line 5: arrivalAt", "line 5: origin", "line 5: destinationRegion", "line 7: idType");
        var invalid = problem.GetProperty("invalid").EnumerateArray().ToList();
        Assert.Equal([3, 5, 7], invalid.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(["idNumber", "phone"], invalid[0].GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(0, await App.WithDbAsync(db => db.TraceLists.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.TraceItems.CountAsync()));

        var accepted = await (await PostCsvAsync(command, csv, "?source=rail&skipInvalid=true")).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal((1, 0, 1), (accepted.GetProperty("rows").GetInt32(), accepted.GetProperty("matched").GetInt32(), accepted.GetProperty("unmatched").GetInt32()));
        Assert.Equal([3, 5, 7], accepted.GetProperty("invalid").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        var list = await App.WithDbAsync(db => db.TraceLists.SingleAsync());
        Assert.Equal((1, 3), (list.Rows, list.Skipped));
    }

    [Fact]
    public async Task Json_rows_are_numbered_from_one_and_an_empty_or_oversized_list_is_refused()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");

        var problem = await (await command.PostAsJsonAsync("/api/v1/trace-lists", new { source = "公安大数据推送", rows = new object?[] { Row("李四", LiSi), null, new { name = "", idType = "residentId", idNumber = WangWu } } }, TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("line 2: row", "line 3: name");
        Assert.Equal([2, 3], problem.GetProperty("invalid").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        await (await command.PostAsJsonAsync("/api/v1/trace-lists", new { source = "公安大数据推送", rows = Array.Empty<object>() }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("rows");
        await (await command.PostAsJsonAsync("/api/v1/trace-lists", new { rows = new[] { Row("李四", LiSi) } }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("source");
        var tooMany = Enumerable.Repeat(new { name = "李四", idType = "residentId", idNumber = LiSi }, TraceListService.MaxRows + 1).ToArray();
        await (await command.PostAsJsonAsync("/api/v1/trace-lists", new { source = "x", rows = tooMany }, TestContext.Current.CancellationToken)).AssertValidationProblemAsync("rows");
        await (await command.PostAsync("/api/v1/trace-lists", new StringContent("{\"source\": 1}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken)).AssertValidationProblemAsync("source");
        Assert.Equal(0, await App.WithDbAsync(db => db.TraceLists.CountAsync()));
    }

    [Fact]
    public async Task A_row_matches_an_active_declaration_arriving_within_three_days_of_it_and_any_active_one_when_it_has_no_arrival()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var zhang = DeclarationApiTests.ValidResidentId;

        var imported = await ImportAsync(command, new
        {
            source = "铁路客票",
            rows = new[]
            {
                Row("张三 三天后", zhang, arrivalAt: "2022-11-23T10:00:00+08:00"),
                Row("张三 四天后", zhang, arrivalAt: "2022-11-24T10:00:00+08:00"),
                Row("张三 四天前", zhang, arrivalAt: "2022-11-16T09:59:00+08:00"),
                Row("张三 无到达时间", zhang, arrivalAt: null),
                Row("张三 护照", zhang, idType: "passport"),
            },
        });

        Assert.Equal((3, 2), (imported.GetProperty("unmatched").GetInt32(), imported.GetProperty("matched").GetInt32()));
        Assert.Equal(["张三 三天后", "张三 无到达时间"], await App.WithDbAsync(db => db.TraceItems.Where(i => i.Status == TraceItemStatus.Matched).OrderBy(i => i.Line).Select(i => i.Name).ToListAsync()));

        // A cancelled declaration is no registration.
        var code = await App.WithDbAsync(db => db.Declarations.Select(d => d.Code).SingleAsync());
        (await App.CreateClient().DeleteAsync($"/api/v1/declarations/{code}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var again = await ImportAsync(command, new { source = "铁路客票", rows = new[] { Row("张三", zhang) } });
        Assert.Equal(0, again.GetProperty("matched").GetInt32());
    }

    [Fact]
    public async Task Check_items_show_masked_numbers_and_the_full_contact_only_on_an_audited_request()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        var erenhotWorker = await App.StaffClientAsync("communityWorker", communities: [ErenhotCommunity]);
        await ImportAsync(command, new { source = "铁路客票", rows = new[] { Row("李四", LiSi) } });

        var list = await (await worker.GetAsync("/api/v1/trace-items", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(LiSi, list, StringComparison.Ordinal);
        Assert.DoesNotContain("13900000000", list, StringComparison.Ordinal);
        var item = JsonDocument.Parse(list).RootElement.GetProperty("items")[0];
        Assert.Equal(LiSi[..6] + "********" + LiSi[^4..], item.GetProperty("idNumber").GetString());
        Assert.Equal(("139****0000", "residentId"), (item.GetProperty("phone").GetString(), item.GetProperty("idType").GetString()));

        var id = item.GetProperty("id").GetGuid();
        var contact = await (await worker.GetAsync($"/api/v1/trace-items/{id}/contact", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((LiSi, "13900000000"), (contact.GetProperty("idNumber").GetString(), contact.GetProperty("phone").GetString()));
        await (await erenhotWorker.GetAsync($"/api/v1/trace-items/{id}/contact", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await worker.GetAsync($"/api/v1/trace-items/{Guid.NewGuid()}/contact", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Subject == "traceItem" && a.Detail == id.ToString())));
    }

    [Fact]
    public async Task Recording_a_check_checks_the_outcome_the_note_and_the_declaration_made_on_the_spot()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        await ImportAsync(command, new { source = "铁路客票", rows = new[] { Row("李四", LiSi), Row("王五", WangWu) } });
        var ids = await App.WithDbAsync(db => db.TraceItems.OrderBy(i => i.Line).Select(i => i.Id).ToListAsync());

        await (await ResolveAsync(worker, ids[0], new { outcome = "found" })).AssertValidationProblemAsync("outcome");
        await (await ResolveAsync(worker, ids[0], new { outcome = "other" })).AssertValidationProblemAsync("note");
        await (await ResolveAsync(worker, ids[0], new { outcome = "registeredOnSite", declarationCode = "no-such-code" })).AssertValidationProblemAsync("declarationCode");
        await (await ResolveAsync(worker, Guid.NewGuid(), new { outcome = "notInArea" })).AssertProblemAsync(HttpStatusCode.NotFound);
        var zhangsCode = await App.WithDbAsync(db => db.Declarations.Select(d => d.Code).SingleAsync());
        await (await ResolveAsync(worker, ids[0], new { outcome = "registeredOnSite", declarationCode = zhangsCode })).AssertValidationProblemAsync("declarationCode");

        // 李四 registers on the spot (the officer's walk-in, or the worker helping on a phone); the check names that declaration.
        var body = JsonSerializer.SerializeToNode(DeclarationApiTests.Body(idNumber: LiSi), TestJson.Options)!;
        body["traveler"]!["name"] = "李四";
        var li = await (await App.CreateClient().PostAsJsonAsync("/api/v1/declarations", body, TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.Created);
        var resolved = await (await ResolveAsync(worker, ids[0], new { outcome = "registeredOnSite", declarationCode = li.GetProperty("code").GetString() })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(li.GetProperty("id").GetGuid(), resolved.GetProperty("resolution").GetProperty("declarationId").GetGuid());
        Assert.Equal(li.GetProperty("id").GetGuid(), await App.WithDbAsync(db => db.TraceItems.Where(i => i.Id == ids[0]).Select(i => i.DeclarationId).SingleAsync()));
        Assert.Equal(TraceItemStatus.Open, await App.WithDbAsync(db => db.TraceItems.Where(i => i.Id == ids[1]).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task Officers_cannot_import_or_read_lists_and_workers_cannot_import()
    {
        await ArrangeAsync();
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = Linhe }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");
        var worker = await App.StaffClientAsync("communityWorker", communities: [Xinhua]);
        var body = new { source = "铁路客票", rows = new[] { Row("李四", LiSi) } };
        var imported = await ImportAsync(admin, body);
        var id = await App.WithDbAsync(db => db.TraceItems.Select(i => i.Id).SingleAsync());

        await (await officer.PostAsJsonAsync("/api/v1/trace-lists", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.GetAsync("/api/v1/trace-lists", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.GetAsync("/api/v1/trace-items", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await officer.GetAsync($"/api/v1/trace-items/{id}/contact", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await ResolveAsync(officer, id, new { outcome = "notInArea" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await worker.PostAsJsonAsync("/api/v1/trace-lists", body, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await worker.GetAsync("/api/v1/trace-lists", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await App.CreateClient().GetAsync("/api/v1/trace-items", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        var lists = await (await admin.GetAsync("/api/v1/trace-lists", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var list = Assert.Single(lists.GetProperty("items").EnumerateArray());
        Assert.Equal((imported.GetProperty("id").GetGuid(), 1, 1), (list.GetProperty("id").GetGuid(), list.GetProperty("unmatched").GetInt32(), list.GetProperty("open").GetInt32()));
    }

    [Fact]
    public async Task Check_items_are_paged_and_filtered_by_status_and_region()
    {
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        var rows = Enumerable.Range(0, 5).Select(i => Row($"旅客{i}", ResidentId($"1508021980010100{i}"), destination: i < 3 ? Linhe : Erenhot)).ToArray();
        await ImportAsync(command, new { source = "铁路客票", rows });

        var first = await ItemsAsync(command, "?pageSize=2");
        Assert.Equal((5, 2), (first.GetProperty("total").GetInt32(), first.GetProperty("items").GetArrayLength()));
        Assert.Equal(["旅客0", "旅客1"], Names(first));
        Assert.Equal(["旅客4"], Names(await ItemsAsync(command, "?pageSize=2&page=3")));
        Assert.Equal(3, (await ItemsAsync(command, $"?region={Linhe}")).GetProperty("total").GetInt32());
        Assert.Equal(5, (await ItemsAsync(command, "?region=150000")).GetProperty("total").GetInt32());
        Assert.Equal(2, (await ItemsAsync(command, "?region=152500")).GetProperty("total").GetInt32());
        await (await command.GetAsync("/api/v1/trace-items?status=closed&region=999999&page=0&pageSize=501", TestContext.Current.CancellationToken))
            .AssertValidationProblemAsync("status", "region", "page", "pageSize");
    }

    [Fact]
    public async Task The_daily_report_counts_check_items_new_resolved_and_open_by_destination_county()
    {
        // Sign-ins expire: the clock moves to the day of the report first.
        App.Clock.Set(new DateTimeOffset(2022, 11, 20, 8, 0, 0, TimeSpan.FromHours(8)));
        await ArrangeAsync();
        var command = await App.StaffClientAsync("commandCenter");
        await ImportAsync(command, new
        {
            source = "铁路客票",
            rows = new[]
            {
                Row("李四", LiSi), Row("王五", WangWu), Row("赵六", ResidentId("15080219800303003"), destination: Erenhot), Row("钱七", ResidentId("15080219800404004"), destination: null),
                Row("张三", DeclarationApiTests.ValidResidentId),
            },
        });
        var li = await App.WithDbAsync(db => db.TraceItems.Where(i => i.Name == "李四").Select(i => i.Id).SingleAsync());
        (await ResolveAsync(command, li, new { outcome = "alreadyLeft" })).EnsureSuccessStatusCode();

        var report = await (await command.GetAsync("/api/v1/reports/daily?date=2022-11-20", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, report.GetProperty("openCheckItems").GetInt32());
        var rows = report.GetProperty("checkItems").EnumerateArray()
            .Select(r => (r.GetProperty("region").GetString(), r.GetProperty("new").GetInt32(), r.GetProperty("resolved").GetInt32(), r.GetProperty("open").GetInt32())).ToList();
        Assert.Equal([(Linhe, 2, 1, 1), (Erenhot, 1, 0, 1), (null, 1, 0, 1)], rows);
        var dayBefore = await (await command.GetAsync("/api/v1/reports/daily?date=2022-11-19", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, dayBefore.GetProperty("openCheckItems").GetInt32());
        Assert.Equal([Linhe, Erenhot], dayBefore.GetProperty("checkItems").EnumerateArray().Select(r => r.GetProperty("region").GetString()));

        var csv = Encoding.UTF8.GetString(await command.GetByteArrayAsync("/api/v1/reports/daily.csv?date=2022-11-20", TestContext.Current.CancellationToken));
        Assert.Contains("临河区,150802,2,1,1\r\n", csv, StringComparison.Ordinal);
    }
}
