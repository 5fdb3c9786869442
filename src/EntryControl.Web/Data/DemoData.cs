using EntryControl.Rules;
using EntryControl.Web.Features.Auth;
using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.RiskAreas;
using EntryControl.Web.Features.Staff;
using EntryControl.Web.Features.TraceLists;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace EntryControl.Web.Data;

/// <summary>
/// Demonstration communities, checkpoints and staff (<c>Seed:DemoData</c>). Loading twice adds nothing: every row is
/// keyed and skipped when present. The demo password is printed in the README; never enable this in production.
/// </summary>
internal sealed class DemoData(EntryControlDbContext db, PersonalDataHashes hashes, StaffService staff, DesignationRegistry registry, DeclarationService declarations, TraceListService traceLists, TimeProvider clock)
{
    public const string Password = "Demo-pass-2022";

    /// <summary>The first demo traveler's phone: present means the demo travelers were declared already.</summary>
    private const string DemoPhone = "13900000001";

    public static readonly IReadOnlyList<Community> Communities =
    [
        new() { Code = "150802001001", Name = "临河区车站街道新华社区", Region = "150802" },
        new() { Code = "150802001002", Name = "临河区车站街道团结社区", Region = "150802" },
        new() { Code = "150802002001", Name = "临河区解放街道胜利社区", Region = "150802" },
        new() { Code = "150821100001", Name = "五原县隆兴昌镇城关社区", Region = "150821" },
        new() { Code = "152501001001", Name = "二连浩特市乌兰街道口岸社区", Region = "152501" },
        new() { Code = "150702001001", Name = "海拉尔区正阳街道站前社区", Region = "150702" },
        new() { Code = "150102001001", Name = "新城区海拉尔东路街道光明社区", Region = "150102" },
    ];

    public static readonly IReadOnlyList<Checkpoint> Checkpoints =
    [
        new() { Code = "CP-LINHE-G7", Name = "京新高速临河收费站卡口", Kind = CheckpointKind.Road, Region = "150802" },
        new() { Code = "CP-LINHE-RAIL", Name = "临河火车站出站口", Kind = CheckpointKind.Rail, Region = "150802" },
        new() { Code = "CP-BAYANNUR-AIR", Name = "巴彦淖尔天吉泰机场", Kind = CheckpointKind.Air, Region = "150802" },
        new() { Code = "CP-LINHE-BUS", Name = "临河汽车站", Kind = CheckpointKind.Bus, Region = "150802" },
        new() { Code = "CP-ERENHOT-PORT", Name = "二连浩特公路口岸", Kind = CheckpointKind.Port, Region = "152501" },
        new() { Code = "CP-HAILAR-RAIL", Name = "海拉尔火车站出站口", Kind = CheckpointKind.Rail, Region = "150702" },
    ];

    public static readonly IReadOnlyList<CreateStaffUser> Staff =
    [
        new("admin@demo.entrycontrol.cn", Password, Roles.Admin, null, null),
        new("officer.linhe@demo.entrycontrol.cn", Password, Roles.CheckpointOfficer, "CP-LINHE-G7", null),
        new("officer.erenhot@demo.entrycontrol.cn", Password, Roles.CheckpointOfficer, "CP-ERENHOT-PORT", null),
        new("worker.linhe@demo.entrycontrol.cn", Password, Roles.CommunityWorker, null, ["150802001001", "150802001002"]),
        new("worker.erenhot@demo.entrycontrol.cn", Password, Roles.CommunityWorker, null, ["152501001001"]),
        new("command@demo.entrycontrol.cn", Password, Roles.CommandCenter, null, null),
    ];

    /// <summary>The areas the notices name (seeds 002, 004) and two that the worked cases use.</summary>
    public static readonly IReadOnlyList<RiskDesignation> RiskAreas =
    [
        new("533102", "姐告国门社区", RiskLevel.Medium, new DateOnly(2021, 6, 20), null),
        new("350322", "枫亭镇", RiskLevel.High, new DateOnly(2021, 8, 27), null),
        new("650102", null, RiskLevel.Medium, new DateOnly(2020, 7, 15), null),
        new("110101", "东华门街道", RiskLevel.High, new DateOnly(2022, 11, 10), null),
    ];

    /// <summary>Adds what of the demo data is missing and says what it added (all zeros: it was all there).</summary>
    public async Task<DemoDataAdded> LoadAsync(CancellationToken cancellationToken)
    {
        var communities = await db.Communities.Select(c => c.Code).ToListAsync(cancellationToken);
        var newCommunities = Communities.Where(c => !communities.Contains(c.Code))
            .Select(c => new Community { Code = c.Code, Name = c.Name, Region = c.Region }).ToList();
        db.Communities.AddRange(newCommunities);
        var checkpoints = await db.Checkpoints.Select(c => c.Code).ToListAsync(cancellationToken);
        var newCheckpoints = Checkpoints.Where(c => !checkpoints.Contains(c.Code))
            .Select(c => new Checkpoint { Code = c.Code, Name = c.Name, Kind = c.Kind, Region = c.Region }).ToList();
        db.Checkpoints.AddRange(newCheckpoints);
        var riskAreas = 0;
        if (!await db.RiskAreas.AnyAsync(cancellationToken))
        {
            riskAreas = RiskAreas.Count;
            var now = clock.GetUtcNow();
            db.RiskAreas.AddRange(RiskAreas.Select(d => new RiskArea
            {
                Id = Guid.CreateVersion7(),
                Region = d.Region,
                Area = d.Area,
                Level = d.Level,
                From = d.From,
                To = d.To,
                CreatedAt = now,
                UpdatedAt = now,
            }));
        }

        await db.SaveChangesAsync(cancellationToken);
        await registry.ChangedAsync(cancellationToken);

        var staffAdded = 0;
        foreach (var user in Staff)
        {
            if (!await staff.ExistsAsync(user.Email!, cancellationToken))
            {
                await staff.CreateAsync(user, cancellationToken);
                staffAdded++;
            }
        }

        var travelers = false;
        var demoPhone = hashes.Phone(DemoPhone);
        if (!await db.Declarations.AnyAsync(d => d.PhoneHash == demoPhone, cancellationToken))
        {
            await DeclareTravelersAsync(cancellationToken);
            travelers = true;
        }

        var traceList = false;
        if (!await db.TraceLists.AnyAsync(cancellationToken))
        {
            await ImportTraceListAsync(cancellationToken);
            traceList = true;
        }

        return new DemoDataAdded(newCommunities.Count, newCheckpoints.Count, riskAreas, staffAdded, travelers, traceList);
    }

    /// <summary>
    /// The railway's list of this morning's train from 西安, as the demo command center imports it: 王芳 declared (a
    /// match); 孙丽 (to 临河区) and 周杰 (to 二连浩特市) did not, so each county's worker has someone to check.
    /// </summary>
    private async Task ImportTraceListAsync(CancellationToken cancellationToken)
    {
        const string commandEmail = "command@demo.entrycontrol.cn";
        var commandId = await db.Users.Where(u => u.Email == commandEmail).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        var command = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, commandId.ToString()),
                new(System.Security.Claims.ClaimTypes.Email, commandEmail),
                new(System.Security.Claims.ClaimTypes.Role, Roles.CommandCenter),
            ],
            "demo"));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(ChinaTime.Offset).DateTime);
        var arrival = new DateTimeOffset(today.ToDateTime(new TimeOnly(8, 30)), ChinaTime.Offset)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        static string Id(string first17) => first17 + IdentityDocuments.CheckCharacter(first17);
        await traceLists.ImportAsync(command, new TraceListRequest("铁路客票",
            [
                new TraceRowInput("王芳", "residentId", Id("61011319900314002"), DemoPhone, arrival, "西安", "K1178", "150802"),
                new TraceRowInput("孙丽", "residentId", Id("61011319880709004"), "13900000004", arrival, "西安", "K1178", "150802"),
                new TraceRowInput("周杰", "residentId", Id("61011319951122005"), "13900000005", arrival, "西安", "K1178", "152501"),
            ]),
            skipInvalid: false,
            cancellationToken);
    }

    /// <summary>
    /// A few travelers around today, so the community worker and the command center have something to see: one arrived
    /// this morning from 西安 (3天2检, a test due today), one arrives tomorrow from 乌鲁木齐天山区 (home isolation), one the
    /// day after with no travel outside the region (free movement).
    /// </summary>
    private async Task DeclareTravelersAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToOffset(ChinaTime.Offset);
        var today = DateOnly.FromDateTime(now.DateTime);
        static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        static string At(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        static string Id(string first17) => first17 + IdentityDocuments.CheckCharacter(first17);
        var arrivedThisMorning = new DateTimeOffset(today.ToDateTime(new TimeOnly(8, 30)), ChinaTime.Offset);
        var travelers = new (string Name, string Id, string Phone, string Community, string Address, TripInput Trip)[]
        {
            ("王芳", Id("61011319900314002"), DemoPhone, "150802001001", "临河区新华街 18 号 2 单元 301",
                new TripInput(At(arrivedThisMorning < now ? arrivedThisMorning : now.AddMinutes(-5)),
                    [new StayInput("610113", null, Day(today.AddDays(-4)), Day(today.AddDays(-1)))],
                    NucleicAcidTest: new CertificateInput(At(now.AddHours(-20)), "negative"), Occupation: "none", TravelerType: "person", HomeIsolationFeasible: true)),
            ("赵强", Id("65010219850620003"), "13900000002", "150802001002", "临河区团结路 6 号",
                new TripInput(At(now.AddDays(1)),
                    [new StayInput("650102", null, Day(today.AddDays(-3)), Day(today))],
                    NucleicAcidTest: new CertificateInput(At(now.AddHours(-10)), "negative"), Occupation: "none", TravelerType: "person", HomeIsolationFeasible: true)),
            ("刘洋", Id("15080219920101001"), "13900000003", "150802001001", "临河区新华街 20 号",
                new TripInput(At(now.AddDays(2)), [], Occupation: "none", TravelerType: "person", HomeIsolationFeasible: true)),
        };
        foreach (var (name, id, phone, community, address, trip) in travelers)
        {
            await declarations.SubmitAsync(
                new DeclarationRequest(new TravelerInput(name, "residentId", id, phone), community, address, trip, null, true),
                registeredBy: null,
                Language.Chinese,
                cancellationToken);
        }
    }
}

/// <summary>What one load of the demo data added (the rest was there already).</summary>
public sealed record DemoDataAdded(int Communities, int Checkpoints, int RiskAreas, int Staff, bool Travelers, bool TraceList)
{
    public bool Nothing => Communities == 0 && Checkpoints == 0 && RiskAreas == 0 && Staff == 0 && !Travelers && !TraceList;
}
