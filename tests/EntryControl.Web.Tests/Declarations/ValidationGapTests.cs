using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Tests.Declarations;

/// <summary>
/// Inputs a Production instance once accepted and stored (issue items 6, 8 and 9): each is refused with a message
/// naming the field, and nothing is stored. The TestClock is 2022-11-17 10:00+08.
/// </summary>
public sealed class ValidationGapTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SeedCommunityAsync()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
    }

    /// <summary>A resident ID with a correct check character for these 17 digits.</summary>
    private static string ResidentId(string first17) => first17 + IdentityDocuments.CheckCharacter(first17);

    private static object Declaration(object? traveler = null, object[]? coTravelers = null, object[]? stays = null, object? abroad = null, object? certificate = null) => new
    {
        traveler = traveler ?? new { name = "张三", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId, phone = "13800000000" },
        community = "150802001001",
        address = "临河区新华街 1 号",
        trip = new
        {
            arrivalAt = "2022-11-20T10:00:00+08:00",
            stays = stays ?? [new { region = "610113", from = "2022-11-16", to = "2022-11-19" }],
            abroad,
            nucleicAcidTest = certificate ?? new { sampledAt = "2022-11-19T09:00:00+08:00", result = "negative" },
            travelerType = "person",
        },
        attestation = true,
        coTravelers,
    };

    private async Task<JsonElement> RefusedAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertValidationProblemAsync(fields);
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync()));
        return problem;
    }

    private static string Message(JsonElement problem, string field) => problem.GetProperty("errors").GetProperty(field)[0].GetString()!;

    private async Task<HttpResponseMessage> SubmitAsync(object body, string culture = "?culture=en") =>
        await App.CreateClient().PostAsJsonAsync("/api/v1/declarations" + culture, body, Ct);

    [Fact]
    public async Task Too_many_stays_and_too_many_areas_in_one_stay_are_refused_with_the_bound()
    {
        await SeedCommunityAsync();
        var stay = new { region = "610113", from = "2022-11-16", to = "2022-11-19" };
        var manyStays = Enumerable.Repeat<object>(stay, InputLimits.MaxStays + 1).ToArray();
        var manyAreas = new object[] { new { region = "610113", areas = Enumerable.Range(1, InputLimits.MaxAreasPerStay + 1).Select(i => $"小区{i}").ToArray(), from = "2022-11-16", to = "2022-11-19" } };

        var stays = await RefusedAsync(await SubmitAsync(Declaration(stays: manyStays)), "trip.stays");
        var areas = await RefusedAsync(await SubmitAsync(Declaration(stays: manyAreas)), "trip.stays[0].areas");

        Assert.Equal("At most 60 stays.", Message(stays, "trip.stays"));
        Assert.Equal("At most 20 areas per stay.", Message(areas, "trip.stays[0].areas"));
        // The bound itself is accepted.
        var atBound = Enumerable.Repeat<object>(stay, InputLimits.MaxStays).ToArray();
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(Declaration(stays: atBound))).StatusCode);
    }

    [Fact]
    public async Task A_document_already_in_the_group_is_refused_against_the_co_traveler_repeating_it()
    {
        await SeedCommunityAsync();
        var mainAgain = new { name = "张三", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId.ToLowerInvariant() };
        var passport = new { name = "李四", idType = "passport", idNumber = "E12345678" };
        var samePassport = new { name = "王五", idType = "passport", idNumber = " e12345678 " };

        var problem = await RefusedAsync(await SubmitAsync(Declaration(coTravelers: [mainAgain, passport, samePassport, mainAgain])),
            "coTravelers[0].idNumber", "coTravelers[2].idNumber", "coTravelers[3].idNumber");

        Assert.StartsWith("This document is already in the declaration", Message(problem, "coTravelers[2].idNumber"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15080220221118002", "birth")] // born tomorrow (the clock is 2022-11-17)
    [InlineData("15080220990101002", "birth")] // born in 2099
    [InlineData("00000019900101002", "region")] // region 000000
    [InlineData("99010519900101002", "region")] // no province 99
    public async Task A_resident_id_born_after_today_or_in_a_region_that_does_not_exist_is_refused(string first17, string problemKind)
    {
        await SeedCommunityAsync();
        var traveler = new { name = "张三", idType = "residentId", idNumber = ResidentId(first17), phone = "13800000000" };

        var problem = await RefusedAsync(await SubmitAsync(Declaration(traveler)), "traveler.idNumber");

        Assert.Equal(problemKind == "birth"
                ? "The birth date in the resident ID number is after today; check the number."
                : "The region code (the first 6 digits) of the resident ID number does not exist; check the number.",
            Message(problem, "traveler.idNumber"));
        // Born today is possible.
        var today = new { name = "张三", idType = "residentId", idNumber = ResidentId("15080220221117002"), phone = "13800000000" };
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(Declaration(today))).StatusCode);
    }

    [Theory]
    [InlineData("\u202E三张")] // right-to-left override
    [InlineData("张\u2066三")] // isolate
    [InlineData("\u200B\u200B")] // zero-width spaces only
    [InlineData("\u200E")] // a mark only
    public async Task Names_with_direction_controls_or_nothing_visible_are_refused(string name)
    {
        await SeedCommunityAsync();
        var admin = await App.AdminClientAsync();

        var traveler = await RefusedAsync(await SubmitAsync(Declaration(new { name, idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId, phone = "13800000000" })), "traveler.name");
        var coTraveler = await RefusedAsync(await SubmitAsync(Declaration(coTravelers: [new { name, idType = "passport", idNumber = "E12345678" }])), "coTravelers[0].name");
        var area = await (await admin.PostAsJsonAsync("/api/v1/risk-areas?culture=en", new { region = "610113", area = name, level = "high", from = "2022-11-10" }, Ct))
            .AssertValidationProblemAsync("area");
        var community = await (await admin.PostAsJsonAsync("/api/v1/communities?culture=en", new { code = "150802001002", name, region = "150802" }, Ct))
            .AssertValidationProblemAsync("name");

        const string expected = "A name must have visible characters and may not contain control or text-direction characters.";
        Assert.Equal(expected, Message(traveler, "traveler.name"));
        Assert.Equal(expected, Message(coTraveler, "coTravelers[0].name"));
        Assert.Equal(expected, Message(area, "area"));
        Assert.Equal(expected, Message(community, "name"));
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Communities.CountAsync()));
    }

    [Fact]
    public async Task Dates_before_2020_are_refused_for_stays_certificates_entry_into_china_and_designations()
    {
        await SeedCommunityAsync();
        const string expected = "The date cannot be before 2020-01-01.";

        var stay = await RefusedAsync(await SubmitAsync(Declaration(stays: [new { region = "610113", from = "2019-12-31", to = "2022-11-19" }])), "trip.stays[0].from");
        var certificate = await RefusedAsync(await SubmitAsync(Declaration(certificate: new { sampledAt = "2019-12-31T00:00:00Z", result = "negative" })), "trip.nucleicAcidTest.sampledAt");
        var abroad = await RefusedAsync(await SubmitAsync(Declaration(abroad: new { enteredChinaOn = "2019-12-31", centralizedQuarantineDays = 0 })), "trip.abroad.enteredChinaOn");
        var designation = await (await (await App.AdminClientAsync()).PostAsJsonAsync("/api/v1/risk-areas?culture=en", new { region = "610113", level = "high", from = "2019-12-31" }, Ct))
            .AssertValidationProblemAsync("from");

        Assert.Equal(expected, Message(stay, "trip.stays[0].from"));
        Assert.Equal(expected, Message(certificate, "trip.nucleicAcidTest.sampledAt"));
        Assert.Equal(expected, Message(abroad, "trip.abroad.enteredChinaOn"));
        Assert.Equal(expected, Message(designation, "from"));
        Assert.Equal(0, await App.WithDbAsync(db => db.RiskAreas.CountAsync()));

        // The first day of the calendar is outside the dates IsoDates reads at all: refused as not a date.
        await RefusedAsync(await SubmitAsync(Declaration(stays: [new { region = "610113", from = "0001-01-01", to = "2022-11-19" }])), "trip.stays[0].from");
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Fact]
    public async Task A_certificate_sampled_after_the_scan_is_refused()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/checkpoints", new { code = "CP-LINHE-G7", name = "京新高速临河收费站卡口", kind = "road", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var officer = await App.StaffClientAsync("checkpointOfficer", checkpoint: "CP-LINHE-G7");

        var response = await officer.PostAsJsonAsync("/api/v1/scans?culture=en", new
        {
            idNumber = DeclarationApiTests.ValidResidentId,
            checkpoint = "CP-LINHE-G7",
            temperatureCelsius = 36.5m,
            scannedAt = "2022-11-17T09:00:00+08:00",
            nucleicAcidTest = new { sampledAt = "2022-11-17T09:30:00+08:00", result = "negative" },
        }, Ct);

        var problem = await response.AssertValidationProblemAsync("nucleicAcidTest.sampledAt");
        Assert.Equal("The certificate's sample cannot have been taken after the scan.", Message(problem, "nucleicAcidTest.sampledAt"));
        Assert.Equal(0, await App.WithDbAsync(db => db.CheckpointScans.CountAsync()));
    }

    [Theory]
    [InlineData("""{"destination":"150802","arrivalAt":"2022-11-20T10:00:00+08:00","temperatureCelsius":"36.5"}""", "temperatureCelsius")]
    [InlineData("""{"destination":"150802","arrivalAt":"2022-11-20T10:00:00+08:00","abroad":{"enteredChinaOn":"2022-11-01","centralizedQuarantineDays":"7"}}""", "abroad.centralizedQuarantineDays")]
    public async Task A_number_sent_as_a_string_is_a_400_naming_the_field(string body, string field)
    {
        var response = await App.CreateClient().PostAsync("/api/v1/evaluations", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_declaration_body_over_the_limit_is_a_413_and_stores_nothing()
    {
        await SeedCommunityAsync();
        var padding = new string('a', (int)InputLimits.MaxTripBodyBytes);
        var body = JsonSerializer.Serialize(new { traveler = new { name = "张三", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId, phone = "13800000000" }, address = padding });

        var response = await App.CreateClient().PostAsync("/api/v1/declarations?culture=en", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.Declarations.CountAsync()));
    }

    [Fact]
    public async Task The_identity_cannot_be_changed_through_the_api_and_the_same_identity_written_differently_is_accepted()
    {
        await SeedCommunityAsync();
        var client = App.CreateClient();
        var code = (await (await client.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).GetProperty("code").GetString();
        var other = ResidentId("15080219900101002");

        var changed = await client.PutAsJsonAsync($"/api/v1/declarations/{code}?culture=en", Declaration(new { name = "李四", idType = "residentId", idNumber = other, phone = "13900000000" }), Ct);

        var problem = await changed.AssertValidationProblemAsync("traveler.name", "traveler.idNumber", "traveler.phone");
        Assert.Equal("The name, document and phone cannot be changed once declared; if they are wrong, cancel and declare again.", Message(problem, "traveler.name"));
        var passport = await client.PutAsJsonAsync($"/api/v1/declarations/{code}", Declaration(new { name = "张三", idType = "passport", idNumber = "E12345678", phone = "13800000000" }), Ct);
        await passport.AssertValidationProblemAsync("traveler.idType", "traveler.idNumber");
        var stored = await App.WithDbAsync(db => db.Declarations.Select(d => new { d.TravelerName, d.IdType, d.IdNumber, d.Phone, Decisions = d.Decisions.Count }).SingleAsync());
        Assert.Equal(("张三", IdType.ResidentId, DeclarationApiTests.ValidResidentId, "13800000000", 1), (stored.TravelerName, stored.IdType, stored.IdNumber, stored.Phone, stored.Decisions));

        // The same identity, written with spaces and a lower-case check character, is the same identity.
        var same = await client.PutAsJsonAsync($"/api/v1/declarations/{code}", Declaration(new { name = " 张三 ", idType = "residentId", idNumber = DeclarationApiTests.ValidResidentId.ToLowerInvariant(), phone = "13800000000" }), Ct);
        await same.AssertJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_public_risk_area_list_is_paged_with_a_total_and_a_bounded_page_size()
    {
        var admin = await App.AdminClientAsync();
        foreach (var area in new[] { "甲小区", "乙小区", "丙小区" })
        {
            (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "610113", area, level = "high", from = "2022-11-10" }, Ct)).EnsureSuccessStatusCode();
        }

        var client = App.CreateClient();
        var first = await (await client.GetAsync("/api/v1/risk-areas?region=610113&pageSize=2", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var second = await (await client.GetAsync("/api/v1/risk-areas?region=610113&pageSize=2&page=2", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var byDefault = await (await client.GetAsync("/api/v1/risk-areas", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal((2, 3, 1, 2), (first.GetProperty("items").GetArrayLength(), first.GetProperty("total").GetInt32(), first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32()));
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        var names = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(a => a.GetProperty("area").GetString()).ToHashSet();
        Assert.Equal(3, names.Count);
        Assert.Equal(100, byDefault.GetProperty("pageSize").GetInt32());
        await (await client.GetAsync($"/api/v1/risk-areas?pageSize={Paging.MaxPageSize + 1}", Ct)).AssertValidationProblemAsync("pageSize");
        await (await client.GetAsync("/api/v1/risk-areas?page=0", Ct)).AssertValidationProblemAsync("page");
        await (await client.GetAsync("/api/v1/risk-areas?region=garbage", Ct)).AssertValidationProblemAsync("region");
        await (await client.GetAsync("/api/v1/risk-areas?region=999999", Ct)).AssertValidationProblemAsync("region");
    }

    [Fact]
    public async Task The_risk_area_list_and_the_declaration_page_are_rate_limited_by_client_address()
    {
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("RateLimiting:PermitPerMinute", "2"));
        var client = limited.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/risk-areas", Ct)).StatusCode);
        }

        await (await client.GetAsync("/api/v1/risk-areas", Ct)).AssertProblemAsync(HttpStatusCode.TooManyRequests);

        // The declaration page shares the public limit: guessing codes page after page is stopped the same way.
        var pages = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await pages.GetAsync("/d/AAAAAAAAAAAAAAAAAAAAAAAAAA", Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("/Admin/RiskAreas?Region=garbage", "地区应为 6 位行政区划代码。")]
    [InlineData("/Admin/RiskAreas?ActiveOn=yesterday", "activeOn 须为 YYYY-MM-DD 格式的日期。")]
    [InlineData("/Admin/Communities?Region=999999", "地区应为 6 位行政区划代码。")]
    [InlineData("/Admin/Staff?Role=superuser", "筛选条件无效：superuser")]
    [InlineData("/Admin/Checkpoints?Kind=boat", "筛选条件无效：boat")]
    public async Task An_admin_page_filter_that_is_not_one_is_said_next_to_the_field_and_lists_nothing(string address, string message)
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/risk-areas", new { region = "610113", area = "甲小区", level = "high", from = "2022-11-10" }, Ct)).EnsureSuccessStatusCode();
        await SeedCommunityAsync();
        var browser = await App.BrowserForAsync(EntryControlApp.AdminEmail, EntryControlApp.AdminPassword);

        var response = await browser.GetAsync(address, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal(message, page.QuerySelector("[data-testid=filter-error]:not(:empty)")?.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("[data-testid=risk-area], [data-testid=community], [data-testid=account], [data-testid=checkpoint]"));
    }

    [Theory]
    [InlineData("/api/v1/users?role=superuser", "role", "筛选条件无效：superuser")]
    [InlineData("/api/v1/communities?region=999999", "region", "地区应为 6 位行政区划代码。")]
    [InlineData("/api/v1/communities?region=150800", "region", "地区应为 6 位行政区划代码。")]
    public async Task An_api_list_filter_that_is_not_one_is_a_400_naming_it_not_the_whole_list(string address, string field, string message)
    {
        await SeedCommunityAsync();
        var admin = await App.AdminClientAsync();

        var problem = await (await admin.GetAsync(address, Ct)).AssertValidationProblemAsync(field);

        Assert.Equal(message, Message(problem, field));
    }

    [Theory]
    [InlineData("/api/v1/users?role=admin")]
    [InlineData("/api/v1/communities?region=150802")]
    public async Task A_valid_api_list_filter_still_lists(string address)
    {
        await SeedCommunityAsync();
        var admin = await App.AdminClientAsync();

        var list = await (await admin.GetAsync(address, Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, list.GetArrayLength());
    }
}
