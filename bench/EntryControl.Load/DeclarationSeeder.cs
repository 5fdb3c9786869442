using System.Globalization;
using EntryControl.Rules;
using EntryControl.Web.Features.Declarations;
using EntryControl.Web.Features.Declarations.Storage;
using EntryControl.Web.Features.Evaluations;
using EntryControl.Web.Features.FollowUps;
using Npgsql;
using NpgsqlTypes;

namespace EntryControl.Load;

/// <summary>
/// The seeded data: the codes the load may scan (active declarations only; <paramref name="TodayCodes"/>: those arriving
/// today, China time, as a checkpoint scans them) and how many rows went in.
/// </summary>
internal sealed record SeededData(IReadOnlyList<string> ActiveCodes, IReadOnlyList<string> TodayCodes, int Declarations, int Groups, long Stays, TimeSpan Took);

/// <summary>A county that a share of the declarations arriving in <see cref="SeedPlan.HotArrivals"/> stayed in last (about <paramref name="Declarations"/> of them).</summary>
internal sealed record HotCounty(string Region, int Declarations);

/// <summary>
/// Where travelers come from and when they arrive. <see cref="Counties"/> empty: only the demo origins (the scan
/// benchmark); otherwise a stay is in one of those counties (picked uniformly), or one time in <see cref="OriginShare"/>
/// in a demo origin. Groups arriving within <see cref="HotArrivals"/> of now stayed last in a hot county with the
/// probability that gives each hot county its number of declarations.
/// </summary>
internal sealed record SeedPlan(TimeSpan ArrivalsFrom, TimeSpan ArrivalsTo)
{
    public static SeedPlan Scans { get; } = new(TimeSpan.FromHours(-48), TimeSpan.FromHours(120));

    public IReadOnlyList<string> Counties { get; init; } = [];

    public int OriginShare { get; init; } = 4;

    public IReadOnlyList<HotCounty> Hot { get; init; } = [];

    public (TimeSpan From, TimeSpan To) HotArrivals { get; init; } = (TimeSpan.FromDays(-7), TimeSpan.FromDays(10));
}

/// <summary>
/// Writes <c>count</c> declarations as travelers would have made them: families of one to four sharing a trip,
/// spread over the demo communities and over arrivals around now (<see cref="SeedPlan"/>: by default from two days ago
/// to five days ahead), stays in 1–3 counties (some in the designated risk areas), most with a negative certificate,
/// a few freight drivers and passports, 1% cancelled. Each gets its "declared" decision record from the real rules
/// engine, serialized as the app does (<see cref="DeclarationService.Record"/>), its stays in
/// <c>declaration_stays</c> as the portal writes them (one row per stay of the decided trip), and its follow-up;
/// every table is filled with binary COPY in batches.
/// </summary>
internal sealed class DeclarationSeeder(string connectionString, int seed, TimeProvider clock, SeedPlan plan)
{
    private const int BatchSize = 10_000;

    /// <summary>Counties travelers come from, with the sub-county areas the demo registry designates where it does.</summary>
    private static readonly (string Region, string? Area)[] Origins =
    [
        ("110105", null), ("110101", "东华门街道"), ("110101", null), ("310115", null), ("440305", null), ("610113", null),
        ("150102", null), ("150203", null), ("150202", null), ("533102", "姐告国门社区"), ("533102", null), ("350322", "枫亭镇"),
        ("650102", null), ("510107", null), ("420106", null), ("330106", null), ("320102", null), ("120101", null),
        ("130102", null), ("140105", null), ("210102", null), ("230102", null), ("150802", null), ("150821", null),
        ("152501", null), ("150702", null), ("500103", null), ("370102", null), ("410105", null), ("430102", null),
        ("450103", null), ("620102", null),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "志", "红", "文", "玉"];
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private readonly Random _random = new(seed);

    public async Task<SeededData> SeedAsync(int count, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var communities = await ReadAsync(connection, "SELECT code, region, name FROM communities ORDER BY code",
            r => (Code: r.GetString(0), Region: r.GetString(1), Name: r.GetString(2)), cancellationToken);
        var designations = new DesignationIndex(await ReadAsync(connection, "SELECT region, area, level, \"from\", \"to\" FROM risk_areas",
            r => new RiskDesignation(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), Enum.Parse<RiskLevel>(r.GetString(2)),
                r.GetFieldValue<DateOnly>(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4)), cancellationToken));
        if (communities.Count == 0)
        {
            throw new InvalidOperationException("No communities: the app must run with Seed:DemoData=true before seeding.");
        }

        var policies = PolicyCatalog.LoadEmbedded();
        var now = clock.GetUtcNow();
        var codes = new List<string>(count);
        var todayCodes = new List<string>(count / 4);
        var made = 0;
        var groups = 0;
        long stayRows = 0;
        // The chance that a group arriving in the hot window stayed last in each hot county (arrivals are uniform).
        var hotWindowShare = (plan.HotArrivals.To - plan.HotArrivals.From) / (plan.ArrivalsTo - plan.ArrivalsFrom);
        var hotChances = plan.Hot.Select(h => h.Declarations / (count * hotWindowShare)).ToArray();
        if (hotChances.Sum() > 1)
        {
            throw new ArgumentException($"{plan.Hot.Sum(h => h.Declarations)} declarations in hot counties is more than arrive in their window ({count * hotWindowShare:F0}).");
        }

        while (made < count)
        {
            var declarations = new List<Declaration>(BatchSize + 4);
            var records = new List<DecisionRecord>(BatchSize + 4);
            var phases = new List<MeasurePhase>();
            var tests = new List<FollowUpTest>();
            var stays = new List<DeclarationStay>();
            while (declarations.Count < BatchSize && made + declarations.Count < count)
            {
                var size = Math.Min(GroupSize(), count - made - declarations.Count);
                groups++;
                var community = communities[_random.Next(communities.Count)];
                var arrival = RoundToFiveMinutes(now.AddMinutes(_random.Next((int)plan.ArrivalsFrom.TotalMinutes, (int)plan.ArrivalsTo.TotalMinutes)));
                var trip = Trip(arrival, HotCountyFor(arrival - now, hotChances));
                var evaluation = Evaluate(policies, designations, trip.ToEvaluation(community.Region).ToTrip());
                // Made one hour to six days before arrival, and not after now.
                var createdAt = Min(arrival.AddMinutes(-_random.Next(60, 6 * 24 * 60)), now.AddMinutes(-_random.Next(1, 60)));
                var registration = DeclarationService.Timing(evaluation.Policy, evaluation.Trip.ArrivalAt, createdAt, walkIn: false);
                var groupId = Guid.CreateVersion7(createdAt);
                var tripJson = StoredJson.TripAsDeclared(trip);
                var address = $"{community.Name}{_random.Next(1, 30)}号楼{_random.Next(1, 7)}单元{_random.Next(101, 1802)}室";
                var vehicle = trip.TravelerType == "freightDriver"
                    ? (Plate: $"蒙L{(char)('A' + _random.Next(26))}{_random.Next(10000):D4}", Company: "巴彦淖尔市河套物流有限公司")
                    : default;
                var phone = Phone();
                for (var member = 0; member < size; member++)
                {
                    var passport = _random.Next(50) == 0;
                    var declaration = new Declaration
                    {
                        Id = Guid.CreateVersion7(createdAt),
                        Code = Code(),
                        GroupId = groupId,
                        TravelerName = Name(),
                        IdType = passport ? IdType.Passport : IdType.ResidentId,
                        IdNumber = passport ? $"E{_random.Next(100_000_000):D8}" : ResidentId(),
                        Phone = member == 0 || _random.Next(2) == 0 ? phone : Phone(),
                        CommunityCode = community.Code,
                        Destination = community.Region,
                        Address = address,
                        ArrivalAt = arrival.ToUniversalTime(),
                        TripJson = tripJson,
                        VehiclePlate = vehicle.Plate,
                        VehicleCompany = vehicle.Company,
                        Registration = registration,
                        Status = _random.Next(100) == 0 ? DeclarationStatus.Cancelled : DeclarationStatus.Active,
                        CreatedAt = createdAt.ToUniversalTime(),
                        UpdatedAt = createdAt.ToUniversalTime(),
                    };
                    declarations.Add(declaration);
                    // As DeclarationService.StaysOf: the stays of the decided (normalized) trip.
                    stays.AddRange(evaluation.Trip.Stays.Select(st => new DeclarationStay
                    {
                        DeclarationId = declaration.Id,
                        Region = st.Region,
                        From = st.From,
                        To = st.To,
                        Areas = [.. st.Areas],
                    }));
                    records.Add(DeclarationService.Record(declaration.Id, DecisionOccasion.Declared, evaluation, evaluation.Trip.ArrivalAt, createdAt));
                    if (declaration.Status == DeclarationStatus.Active)
                    {
                        codes.Add(declaration.Code);
                        if (ChinaTime.LocalDate(arrival) == ChinaTime.LocalDate(now))
                        {
                            todayCodes.Add(declaration.Code);
                        }

                        // As the portal plans it when a declaration is made (FollowUpPlanner), so a scan finds it.
                        var (planPhases, planTests) = FollowUpPlanner.Plan(evaluation.Decision);
                        phases.AddRange(planPhases.Select(p => new MeasurePhase
                        {
                            Id = Guid.CreateVersion7(createdAt),
                            DeclarationId = declaration.Id,
                            CommunityCode = community.Code,
                            Measure = p.Measure,
                            Start = p.Start,
                            End = p.End,
                        }));
                        tests.AddRange(planTests.Select(t => new FollowUpTest
                        {
                            Id = Guid.CreateVersion7(createdAt),
                            DeclarationId = declaration.Id,
                            CommunityCode = community.Code,
                            Date = t.Date,
                            Kind = t.Kind,
                            Measure = t.Measure,
                            PhaseEnd = t.PhaseEnd,
                        }));
                    }
                }
            }

            await CopyDeclarationsAsync(connection, declarations, cancellationToken);
            await CopyRecordsAsync(connection, records, cancellationToken);
            await CopyFollowUpsAsync(connection, phases, tests, cancellationToken);
            await CopyStaysAsync(connection, stays, cancellationToken);
            made += declarations.Count;
            stayRows += stays.Count;
            if (count >= 200_000 && made / 100_000 > (made - declarations.Count) / 100_000)
            {
                Console.WriteLine($"  seeded {made:N0} declarations, {started.Elapsed.TotalSeconds:F0} s");
            }
        }

        await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE) declarations, decision_records, measure_phases, follow_up_tests, declaration_stays", connection))
        {
            analyze.CommandTimeout = 1800;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return new SeededData(codes, todayCodes, made, groups, stayRows, started.Elapsed);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The hot county a group arriving <paramref name="fromNow"/> stayed in last, if any.</summary>
    private string? HotCountyFor(TimeSpan fromNow, double[] chances)
    {
        if (chances.Length == 0 || fromNow < plan.HotArrivals.From || fromNow >= plan.HotArrivals.To)
        {
            return null;
        }

        var draw = _random.NextDouble();
        for (var i = 0; i < chances.Length; i++)
        {
            if (draw < chances[i])
            {
                return plan.Hot[i].Region;
            }

            draw -= chances[i];
        }

        return null;
    }

    /// <summary>A county (and area) a stay was in: a demo origin, or with a county list, mostly any county of it.</summary>
    private (string Region, string? Area) Origin() =>
        plan.Counties.Count == 0 || _random.Next(plan.OriginShare) == 0
            ? Origins[_random.Next(Origins.Length)]
            : (plan.Counties[_random.Next(plan.Counties.Count)], null);

    /// <summary>As <see cref="EvaluationService"/> decides a validated trip, with the registry read once.</summary>
    private static Evaluation Evaluate(PolicyCatalog policies, DesignationIndex designations, Trip trip)
    {
        var policy = policies.Select(trip.Destination, ChinaTime.LocalDate(trip.ArrivalAt))
            ?? throw new InvalidOperationException($"No policy for {trip.Destination}.");
        var seen = trip.Stays.Select(s => s.Region).Distinct(StringComparer.Ordinal).SelectMany(designations.InRegion).ToArray();
        return new Evaluation(trip, policy, PolicyEvaluator.Evaluate(trip, designations, policy), seen);
    }

    /// <summary>1–3 stays back from the arrival day; the last one in <paramref name="lastRegion"/> when given.</summary>
    private TripInput Trip(DateTimeOffset arrival, string? lastRegion)
    {
        var arrivalDay = ChinaTime.LocalDate(arrival);
        var stays = new List<StayInput>();
        var to = arrivalDay.AddDays(-_random.Next(0, 2));
        for (var i = _random.Next(1, 4); i > 0; i--)
        {
            var from = to.AddDays(-_random.Next(0, 5));
            var (region, area) = lastRegion is not null && stays.Count == 0 ? (lastRegion, null) : Origin();
            stays.Add(new StayInput(region, area is null ? null : [area], IsoDate(from), IsoDate(to)));
            to = from.AddDays(-1);
        }

        stays.Reverse();
        var certificate = _random.Next(100) < 85
            ? new CertificateInput(arrival.AddHours(-_random.Next(6, 70)).ToOffset(ChinaTime.Offset).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), "negative")
            : null;
        var freight = _random.Next(100) < 4;
        return new TripInput(
            arrival.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            stays,
            NucleicAcidTest: certificate,
            Occupation: "none",
            TravelerType: freight ? "freightDriver" : "person",
            HomeIsolationFeasible: _random.Next(10) != 0);
    }

    private int GroupSize() => _random.Next(100) switch
    {
        < 75 => 1,
        < 90 => 2,
        < 97 => 3,
        _ => 4,
    };

    private static DateTimeOffset RoundToFiveMinutes(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % (5 * TimeSpan.TicksPerMinute)), TimeSpan.Zero);

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>128 random bits, base64url, like the app's codes (seeded here so that runs repeat).</summary>
    private string Code()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private string Name() => Surnames[_random.Next(Surnames.Length)] + GivenNames[_random.Next(GivenNames.Length)]
        + (_random.Next(3) == 0 ? string.Empty : GivenNames[_random.Next(GivenNames.Length)]);

    private string Phone() => string.Create(CultureInfo.InvariantCulture, $"1{_random.Next(3, 10)}{_random.Next(1_000_000_000):D9}");

    /// <summary>GB 11643: home county, birth date, sequence and the check character.</summary>
    private string ResidentId()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(_random.Next(365 * 58));
        var body = string.Create(CultureInfo.InvariantCulture, $"{Origins[_random.Next(Origins.Length)].Region}{birth:yyyyMMdd}{_random.Next(1000):D3}");
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body[i] - '0') * Weights[i];
        }

        var number = body + "10X98765432"[sum % 11];
        return IdentityDocuments.IsValidResidentId(number) ? number : throw new InvalidOperationException($"Generated an invalid ID {number}.");
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task CopyDeclarationsAsync(NpgsqlConnection connection, List<Declaration> declarations, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY declarations (id, code, group_id, traveler_name, id_type, id_number, phone, community_code, destination, address, arrival_at,
                               trip_json, vehicle_plate, vehicle_company, registration, status, first_scanned_at, registered_by, created_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var d in declarations)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(d.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(d.Code, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.GroupId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(d.TravelerName, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.IdType.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.IdNumber, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullableAsync(writer, d.Phone, cancellationToken);
            await writer.WriteAsync(d.CommunityCode, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.Destination, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(d.Address, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.ArrivalAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(d.TripJson, NpgsqlDbType.Jsonb, cancellationToken);
            await WriteNullableAsync(writer, d.VehiclePlate, cancellationToken);
            await WriteNullableAsync(writer, d.VehicleCompany, cancellationToken);
            await writer.WriteAsync(d.Registration.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(d.Status.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteNullAsync(cancellationToken);
            await writer.WriteNullAsync(cancellationToken);
            await writer.WriteAsync(d.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(d.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyRecordsAsync(NpgsqlConnection connection, List<DecisionRecord> records, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY decision_records (id, declaration_id, occasion, policy_id, policy_version, measure, decided_for, decided_at,
                                   input_json, designations_json, decision_json)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var r in records)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(r.DeclarationId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(r.Occasion.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(r.PolicyId, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(r.PolicyVersion, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(r.Measure.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(r.DecidedFor, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(r.DecidedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await writer.WriteAsync(r.InputJson, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(r.DesignationsJson, NpgsqlDbType.Jsonb, cancellationToken);
            await writer.WriteAsync(r.DecisionJson, NpgsqlDbType.Jsonb, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyFollowUpsAsync(NpgsqlConnection connection, List<MeasurePhase> phases, List<FollowUpTest> tests, CancellationToken cancellationToken)
    {
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY measure_phases (id, declaration_id, community_code, measure, start, \"end\") FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var p in phases)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(p.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(p.DeclarationId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(p.CommunityCode, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(p.Measure.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(p.Start, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(p.End, NpgsqlDbType.Date, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY follow_up_tests (id, declaration_id, community_code, date, kind, measure, phase_end) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var t in tests)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(t.Id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(t.DeclarationId, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(t.CommunityCode, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(t.Date, NpgsqlDbType.Date, cancellationToken);
                await writer.WriteAsync(t.Kind.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(t.Measure.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(t.PhaseEnd, NpgsqlDbType.Date, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }
    }

    private static async Task CopyStaysAsync(NpgsqlConnection connection, List<DeclarationStay> stays, CancellationToken cancellationToken)
    {
        // The id is an identity column (GENERATED ALWAYS): left to its default.
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY declaration_stays (declaration_id, region, from_date, to_date, areas) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var s in stays)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(s.DeclarationId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(s.Region, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(s.From, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(s.To, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(s.Areas, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken cancellationToken) =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, NpgsqlDbType.Varchar, cancellationToken);
}
