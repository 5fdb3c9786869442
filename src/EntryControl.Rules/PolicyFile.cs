using System.Text.Json;
using System.Text.RegularExpressions;

namespace EntryControl.Rules;

/// <summary>A policy file as read, before the catalog resolves its parent and compiles it.</summary>
internal sealed class PolicyDraft
{
    public required string Source { get; init; }

    public required string Id { get; init; }

    public required int Version { get; init; }

    public required string Title { get; init; }

    public string? Issuer { get; init; }

    public required string Jurisdiction { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public DateOnly? EffectiveTo { get; init; }

    public string? Parent { get; init; }

    public required LookBack LookBack { get; init; }

    public int? AdvanceRegistrationDays { get; init; }

    public bool MediumRiskAsHigh { get; init; }

    public required IReadOnlyList<string> Readings { get; init; }

    public required IReadOnlyList<Clause> Clauses { get; init; }

    public required IReadOnlyList<PolicyRule> Rules { get; init; }

    public required IReadOnlyList<PolicyCase> Cases { get; init; }

    /// <summary>Replaced whole by a later version from the same first day: kept for the decisions made under it, never selected.</summary>
    public bool Superseded { get; init; }

    public IReadOnlyList<LocalizedText> Hotlines { get; init; } = [];

    public LocalizedText? WindowReading { get; init; }

    public int EffectiveToDay => EffectiveTo?.DayNumber ?? int.MaxValue;
}

/// <summary>Reads and checks one policy file (the format is described in Policies/README.md).</summary>
internal static partial class PolicyFile
{
    /// <summary>Rule groups; a child's group replaces the parent's group of the same name.</summary>
    public static readonly IReadOnlyList<string> Groups = ["abroad", "riskArea", "keyRegion", "general", "occupation", "freight"];

    public const string FreightGroup = "freight";

    public static PolicyDraft? Read(PolicySource source, ProblemList problems)
    {
        int before = problems.Count;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source.Json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            problems.Add(source.Name, "", $"is not valid JSON: {e.Message}");
            return null;
        }

        using (document)
        {
            PolicyDraft? draft = ReadPolicy(document.RootElement, source.Name, problems);
            return problems.Count == before ? draft : null;
        }
    }

    private static PolicyDraft? ReadPolicy(JsonElement root, string source, ProblemList problems)
    {
        if (JsonFields.Open(root, source, "", problems) is not { } f)
        {
            return null;
        }

        string? id = f.String("id", required: true);
        if (id is not null && !PolicyId().IsMatch(id))
        {
            f.Problem("id", $"'{id}' must be lowercase letters, digits and single hyphens");
        }

        int? version = f.Int("version", 1, 10_000, required: true);
        string? status = f.String("status");
        if (status is not (null or "published" or "superseded"))
        {
            f.Problem("status", $"'{status}' is not 'published' or 'superseded'");
        }

        string? title = f.String("title", required: true);
        string? issuer = f.String("issuer");
        string? jurisdiction = f.Code("jurisdiction", required: true);
        DateOnly? from = f.Date("effectiveFrom", required: true);
        DateOnly? to = f.Date("effectiveTo");
        if (from is { } start && to is { } end && end < start)
        {
            f.Problem("effectiveTo", $"{end:yyyy-MM-dd} is before effectiveFrom {start:yyyy-MM-dd}");
        }

        string? parent = f.String("parent");
        if (parent is not null && parent == id)
        {
            f.Problem("parent", "a policy cannot extend itself");
        }

        LookBack? lookBack = ReadLookBack(f);
        int? registration = f.Int("advanceRegistrationDays", 0, 365);
        bool mediumAsHigh = f.Bool("mediumRiskAsHigh") ?? false;
        List<string> readings = f.Strings("readings") ?? [];
        List<LocalizedText> hotlines = f.Array("hotlines", (e, path) => ReadText(f, e, path)) ?? [];
        LocalizedText? windowReading = f.Object("windowReading") is { } w ? ReadText(w) : null;
        List<Clause> clauses = f.Array("clauses", (e, path) => ReadClause(f, e, path), required: true) ?? [];
        CheckClauses(f, clauses);
        var numbers = clauses.Select(c => c.Number).ToHashSet(StringComparer.Ordinal);
        List<PolicyRule> rules = f.Array("rules", (e, path) => ReadRule(f, e, path, numbers), required: true) ?? [];
        List<PolicyCase> cases = f.Array("cases", (e, path) => ReadCase(f, e, path)) ?? [];
        f.RejectUnknown();

        if (id is null || version is null || title is null || jurisdiction is null || from is null || lookBack is null)
        {
            return null;
        }

        return new PolicyDraft
        {
            Source = source,
            Id = id,
            Version = version.Value,
            Title = title,
            Issuer = issuer,
            Jurisdiction = jurisdiction,
            EffectiveFrom = from.Value,
            EffectiveTo = to,
            Parent = parent,
            LookBack = lookBack,
            AdvanceRegistrationDays = registration,
            MediumRiskAsHigh = mediumAsHigh,
            Readings = readings,
            Clauses = clauses,
            Rules = rules,
            Cases = cases,
            Superseded = status == "superseded",
            Hotlines = hotlines,
            WindowReading = windowReading,
        };
    }

    private static LocalizedText? ReadText(JsonFields parent, JsonElement element, string path) =>
        parent.Item(element, path) is { } f ? ReadText(f) : null;

    private static LocalizedText? ReadText(JsonFields f)
    {
        string? zh = f.String("zh", required: true);
        string? en = f.String("en", required: true);
        f.RejectUnknown();
        return zh is null || en is null ? null : new LocalizedText(zh, en);
    }

    private static LookBack? ReadLookBack(JsonFields policy)
    {
        if (policy.Object("lookBack", required: true) is not { } f)
        {
            return null;
        }

        int? days = f.Int("days", 0, 366);
        DateOnly? since = f.Date("since");
        f.RejectUnknown();
        if ((days is null) == (since is null))
        {
            policy.Problem("lookBack", "needs exactly one of 'days' or 'since'");
            return null;
        }

        return new LookBack(days, since);
    }

    private static Clause? ReadClause(JsonFields policy, JsonElement element, string path)
    {
        if (policy.Item(element, path) is not { } f)
        {
            return null;
        }

        string? number = f.String("number", required: true);
        if (number is not null && ChineseNumerals.Parse(number) == 0)
        {
            f.Problem("number", $"'{number}' is not a clause number (一, 二, … 十四 …)");
            number = null;
        }

        string? text = f.String("text", required: true);
        string? summary = f.String("summary", required: true);
        f.RejectUnknown();
        return number is null || text is null || summary is null ? null : new Clause(number, text, summary);
    }

    private static void CheckClauses(JsonFields policy, List<Clause> clauses)
    {
        if (clauses.Count == 0 && policy.Has("clauses"))
        {
            policy.Problem("clauses", "must list at least one clause");
        }

        foreach (IGrouping<string, Clause> duplicate in clauses.GroupBy(c => c.Number).Where(g => g.Count() > 1))
        {
            policy.Problem("clauses", $"clause {duplicate.Key} is defined more than once");
        }
    }

    private static PolicyRule? ReadRule(JsonFields policy, JsonElement element, string path, HashSet<string> clauseNumbers)
    {
        if (policy.Item(element, path) is not { } f)
        {
            return null;
        }

        int before = f.Problems.Count;
        string? group = f.String("group", required: true);
        if (group is not null && !Groups.Contains(group))
        {
            f.Problem("group", $"'{group}' is not a rule group ({string.Join(", ", Groups)})");
        }

        List<string> clauses = f.Strings("clauses", required: true) ?? [];
        if (clauses.Count == 0 && f.Has("clauses"))
        {
            f.Problem("clauses", "must name at least one clause");
        }

        foreach (string clause in clauses.Where(c => !clauseNumbers.Contains(c)))
        {
            f.Problem("clauses", $"clause {clause} is referenced but not defined in 'clauses'");
        }

        RuleKind? kind = f.Enum<RuleKind>("kind", required: true);

        // Parameters of one kind are refused on another, so a misplaced parameter is never silently ignored.
        List<TravelerRisk>? levels = Only(f, kind, RuleKind.RiskLevel, "levels", () => f.Enums<TravelerRisk>("levels"));
        int? maxDaysSinceLeaving = Only(f, kind, RuleKind.RiskLevel, "maxDaysSinceLeaving", () => f.Int("maxDaysSinceLeaving", 0, 366));
        List<string>? prefixes = Only(f, kind, RuleKind.RegionPrefix, "prefixes", () => f.Strings("prefixes"));
        RegionScope? outside = Only(f, kind, RuleKind.StaysOutside, "outside", () => f.Enum<RegionScope>("outside"));
        Occupation? occupation = Only(f, kind, RuleKind.Occupation, "occupation", () => f.Enum<Occupation>("occupation"));
        PhaseTemplate? centralized = Only(f, kind, RuleKind.Abroad, "centralized", () => ReadAbroadPart(f, "centralized", Measure.CentralizedQuarantine));
        PhaseTemplate? home = Only(f, kind, RuleKind.Abroad, "home", () => ReadAbroadPart(f, "home", Measure.HomeIsolation));

        switch (kind)
        {
            case RuleKind.RiskLevel when levels is null or { Count: 0 }:
                f.Problem("levels", "a riskLevel rule needs at least one level");
                break;
            case RuleKind.RiskLevel when levels.Contains(TravelerRisk.None):
                f.Problem("levels", "'none' is not a level a rule can fire for");
                break;
            case RuleKind.RegionPrefix when prefixes is null or { Count: 0 }:
                f.Problem("prefixes", "a regionPrefix rule needs at least one prefix");
                break;
            case RuleKind.StaysOutside when outside is null:
                f.Problem("outside", "a staysOutside rule needs 'city' or 'province'");
                break;
            case RuleKind.Occupation when occupation is null or Occupation.None:
                f.Problem("occupation", "an occupation rule needs an occupation other than 'none'");
                break;
            case RuleKind.Abroad when centralized is null || home is null:
                f.Problem(centralized is null ? "centralized" : "home", "an abroad rule needs both 'centralized' and 'home'");
                break;
            default:
                break;
        }

        foreach (string prefix in prefixes ?? [])
        {
            if (!RegionPrefix().IsMatch(prefix))
            {
                f.Problem("prefixes", $"'{prefix}' is not a region code prefix (2 to 6 digits)");
            }
        }

        List<string>? unless = f.Strings("unlessGroupsFired");
        foreach (string name in unless ?? [])
        {
            if (!Groups.Contains(name))
            {
                f.Problem("unlessGroupsFired", $"'{name}' is not a rule group");
            }
        }

        if (unless is not null && kind == RuleKind.Default)
        {
            f.Problem("unlessGroupsFired", "a default rule already fires only when no other rule fired");
        }

        bool allowUntilLeaving = kind == RuleKind.RiskLevel;
        int? certificateHours = f.Int("certificateHours", 1, 720);
        List<PhaseTemplate>? phases = f.Array("phases", (e, p) => ReadPhase(f, e, p, allowUntilLeaving));
        if (kind == RuleKind.Abroad && phases is { Count: > 0 })
        {
            f.Problem("phases", "an abroad rule gives its plan as 'centralized' and 'home'");
        }

        Measure? measure = f.Enum<Measure>("measure");
        if (measure is not null && (phases is { Count: > 0 } || kind == RuleKind.Abroad))
        {
            f.Problem("measure", "only a rule without phases names its measure");
        }

        bool landingTest = f.Bool("landingTest") ?? false;
        CertificateAlternative? withoutCertificate = ReadAlternative(f, allowUntilLeaving);
        if ((withoutCertificate is null) != (certificateHours is null))
        {
            f.Problem("certificateHours", "'certificateHours' and 'withoutCertificate' go together");
        }

        RegionScope? landingIfOutside = f.Enum<RegionScope>("landingTestIfStayOutside");
        bool refuse = f.Bool("refuseEntryUnlessPreRegistered") ?? false;
        bool selfPaid = f.Bool("landingTestSelfPaid") ?? false;
        List<LocalizedText>? prefixNames = Only(f, kind, RuleKind.RegionPrefix, "prefixNames", () => f.Array("prefixNames", (e, p) => ReadText(f, e, p)));
        if (prefixNames is not null && prefixes is not null && prefixNames.Count != prefixes.Count)
        {
            f.Problem("prefixNames", $"names {prefixNames.Count} places for {prefixes.Count} prefixes");
        }

        LocalizedText? reading = f.Object("reading") is { } r ? ReadText(r) : null;
        f.RejectUnknown();

        if (f.Problems.Count != before || group is null || kind is null)
        {
            return null;
        }

        return new PolicyRule
        {
            Group = group,
            Clauses = clauses,
            Kind = kind.Value,
            Levels = levels,
            MaxDaysSinceLeaving = maxDaysSinceLeaving,
            Prefixes = prefixes,
            Outside = outside,
            Occupation = occupation,
            Centralized = centralized,
            Home = home,
            UnlessGroupsFired = unless,
            CertificateHours = certificateHours,
            Phases = phases ?? [],
            Measure = measure,
            LandingTest = landingTest,
            LandingTestSelfPaid = selfPaid,
            PrefixNames = prefixNames,
            Reading = reading,
            WithoutCertificate = withoutCertificate,
            LandingTestIfStayOutside = landingIfOutside,
            RefuseEntryUnlessPreRegistered = refuse,
        };
    }

    private static T? Only<T>(JsonFields f, RuleKind? kind, RuleKind owner, string name, Func<T?> read)
    {
        if (kind == owner || kind is null)
        {
            return read();
        }

        if (f.Has(name))
        {
            f.Problem(name, $"is a parameter of {EnumNames<RuleKind>.Name(owner)} rules, not of {EnumNames<RuleKind>.Name(kind.Value)} rules");
        }

        return default;
    }

    private static CertificateAlternative? ReadAlternative(JsonFields rule, bool allowUntilLeaving)
    {
        if (rule.Object("withoutCertificate") is not { } f)
        {
            return null;
        }

        List<PhaseTemplate>? phases = f.Array("phases", (e, p) => ReadPhase(f, e, p, allowUntilLeaving));
        bool landing = f.Bool("landingTest") ?? false;
        f.RejectUnknown();
        return new CertificateAlternative(phases, landing);
    }

    private static PhaseTemplate? ReadAbroadPart(JsonFields rule, string name, Measure measure)
    {
        if (rule.Object(name) is not { } f)
        {
            return null;
        }

        // The measure is fixed by the part; it may be spelled out (as a serialized policy does) but must agree.
        if (f.Enum<Measure>("measure") is { } named && named != measure)
        {
            f.Problem("measure", $"the {name} part of an abroad plan is always {EnumNames<Measure>.Name(measure)}");
        }

        int? days = f.Int("days", 1, 366, required: true);
        List<int> nat = f.Ints("natDays", 1, 366) ?? [];
        List<int> antibody = f.Ints("antibodyDays", 1, 366) ?? [];
        if (f.Ints("natDaysAfterLeaving", 0, 366) is { Count: > 0 })
        {
            f.Problem("natDaysAfterLeaving", "an abroad plan counts its days from entry, not from leaving a risk area");
        }

        f.RejectUnknown();
        CheckTestDays(f, "natDays", nat, days);
        CheckTestDays(f, "antibodyDays", antibody, days);
        return days is null ? null : new PhaseTemplate(measure, days, null, nat, antibody, []);
    }

    private static PhaseTemplate? ReadPhase(JsonFields rule, JsonElement element, string path, bool allowUntilLeaving)
    {
        if (rule.Item(element, path) is not { } f)
        {
            return null;
        }

        int before = f.Problems.Count;
        Measure? measure = f.Enum<Measure>("measure", required: true);
        if (measure is Measure.FreeMovement or Measure.MedicalReferral)
        {
            f.Problem("measure", $"'{EnumNames<Measure>.Name(measure.Value)}' is not a measure a phase can have");
        }

        int? days = f.Int("days", 1, 366);
        int? until = f.Int("untilDaysAfterLeaving", 0, 366);
        List<int> nat = f.Ints("natDays", 1, 366) ?? [];
        List<int> antibody = f.Ints("antibodyDays", 1, 366) ?? [];
        List<int> natAfterLeaving = f.Ints("natDaysAfterLeaving", 0, 366) ?? [];
        bool advisory = f.Bool("advisory") ?? false;
        f.RejectUnknown();

        if ((days is null) == (until is null))
        {
            rule.Problems.Add(f.Source, path, "a phase needs exactly one of 'days' or 'untilDaysAfterLeaving'");
        }

        if (until is not null && !allowUntilLeaving)
        {
            f.Problem("untilDaysAfterLeaving", "only riskLevel rules know when the traveler left the risk area");
        }

        if (days is not null && natAfterLeaving.Count > 0)
        {
            f.Problem("natDaysAfterLeaving", "only a phase that runs until N days after leaving has tests counted from leaving");
        }

        CheckTestDays(f, "natDays", nat, days);
        CheckTestDays(f, "antibodyDays", antibody, days);
        CheckTestDays(f, "natDaysAfterLeaving", natAfterLeaving, until);
        return f.Problems.Count != before || measure is null
            ? null
            : new PhaseTemplate(measure.Value, days, until, nat, antibody, natAfterLeaving, advisory);
    }

    private static void CheckTestDays(JsonFields f, string name, List<int> testDays, int? lastDay)
    {
        if (lastDay is { } last && testDays.Any(d => d > last))
        {
            f.Problem(name, $"test days must lie within the phase's {last} days");
        }

        if (testDays.Distinct().Count() != testDays.Count)
        {
            f.Problem(name, "lists a day twice");
        }
    }

    private static PolicyCase? ReadCase(JsonFields policy, JsonElement element, string path)
    {
        if (policy.Item(element, path) is not { } f)
        {
            return null;
        }

        int before = f.Problems.Count;
        string? name = f.String("name", required: true);
        List<RiskDesignation> designations = f.Array("riskAreas", (e, p) => ReadDesignation(f, e, p)) ?? [];
        Trip? trip = f.Object("request", required: true) is { } request ? ReadTrip(request) : null;
        ExpectedDecision? expected = f.Object("expected", required: true) is { } e ? ReadExpected(e) : null;
        f.RejectUnknown();
        return f.Problems.Count != before || name is null || trip is null || expected is null
            ? null
            : new PolicyCase(name, designations, trip, expected);
    }

    private static RiskDesignation? ReadDesignation(JsonFields parent, JsonElement element, string path)
    {
        if (parent.Item(element, path) is not { } f)
        {
            return null;
        }

        string? region = f.Code("region", required: true);
        string? area = f.String("area");
        RiskLevel? level = f.Enum<RiskLevel>("level", required: true);
        DateOnly? from = f.Date("from", required: true);
        DateOnly? to = f.Date("to");
        f.RejectUnknown();
        return region is null || level is null || from is null ? null : new RiskDesignation(region, area, level.Value, from.Value, to);
    }

    private static Trip? ReadTrip(JsonFields f)
    {
        int before = f.Problems.Count;
        string? destination = f.Code("destination", required: true);
        DateTimeOffset? arrivalAt = f.Instant("arrivalAt", required: true);
        List<Stay> stays = f.Array("stays", (e, p) => ReadStay(f, e, p)) ?? [];
        AbroadEntry? abroad = null;
        if (f.Object("abroad") is { } a)
        {
            DateOnly? entered = a.Date("enteredChinaOn", required: true);
            int? days = a.Int("centralizedQuarantineDays", 0, 366, required: true);
            a.RejectUnknown();
            abroad = entered is null || days is null ? null : new AbroadEntry(entered.Value, days.Value);
        }

        NucleicAcidCertificate? certificate = null;
        if (f.Object("nucleicAcidTest") is { } c)
        {
            DateTimeOffset? sampledAt = c.Instant("sampledAt", required: true);
            TestResult? result = c.Enum<TestResult>("result", required: true);
            c.RejectUnknown();
            certificate = sampledAt is null || result is null ? null : new NucleicAcidCertificate(sampledAt.Value, result.Value);
        }

        Occupation occupation = f.Enum<Occupation>("occupation") ?? Occupation.None;
        TravelerType travelerType = f.Enum<TravelerType>("travelerType") ?? TravelerType.Person;
        bool preRegistered = f.Bool("preRegistered") ?? true;
        bool homeIsolationFeasible = f.Bool("homeIsolationFeasible") ?? true;
        decimal? temperature = f.Decimal("temperatureCelsius");
        f.RejectUnknown();
        return f.Problems.Count != before || destination is null || arrivalAt is null
            ? null
            : new Trip(destination, arrivalAt.Value, stays, abroad, certificate, occupation, travelerType, preRegistered, homeIsolationFeasible, temperature);
    }

    private static Stay? ReadStay(JsonFields parent, JsonElement element, string path)
    {
        if (parent.Item(element, path) is not { } f)
        {
            return null;
        }

        string? region = f.Code("region", required: true);
        List<string> areas = f.Strings("areas") ?? [];
        DateOnly? from = f.Date("from", required: true);
        DateOnly? to = f.Date("to", required: true);
        f.RejectUnknown();
        return region is null || from is null || to is null ? null : new Stay(region, areas, from.Value, to.Value);
    }

    private static ExpectedDecision? ReadExpected(JsonFields f)
    {
        Measure? measure = f.Enum<Measure>("measure", required: true);
        bool? entryAllowed = f.Bool("entryAllowed", required: true);
        bool? landingTest = f.Bool("landingTest", required: true);
        List<Phase> phases = f.Array("phases", (e, p) => ReadExpectedPhase(f, e, p), required: true) ?? [];
        List<string> clauses = f.Strings("clauses", required: true) ?? [];
        f.RejectUnknown();
        return measure is null || entryAllowed is null || landingTest is null
            ? null
            : new ExpectedDecision(measure.Value, entryAllowed.Value, landingTest.Value, phases, clauses);
    }

    private static Phase? ReadExpectedPhase(JsonFields parent, JsonElement element, string path)
    {
        if (parent.Item(element, path) is not { } f)
        {
            return null;
        }

        Measure? measure = f.Enum<Measure>("measure", required: true);
        DateOnly? start = f.Date("start", required: true);
        DateOnly? end = f.Date("end", required: true);
        List<ScheduledTest> tests = f.Array("tests", (e, p) => ReadTest(f, e, p)) ?? [];
        bool advisory = f.Bool("advisory") ?? false;
        f.RejectUnknown();
        return measure is null || start is null || end is null ? null : new Phase(measure.Value, start.Value, end.Value, tests, advisory);
    }

    private static ScheduledTest? ReadTest(JsonFields parent, JsonElement element, string path)
    {
        if (parent.Item(element, path) is not { } f)
        {
            return null;
        }

        DateOnly? date = f.Date("date", required: true);
        TestKind? kind = f.Enum<TestKind>("kind", required: true);
        f.RejectUnknown();
        return date is null || kind is null ? null : new ScheduledTest(date.Value, kind.Value);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PolicyId();

    [GeneratedRegex(@"^\d{2,6}$")]
    private static partial Regex RegionPrefix();
}
