using System.Globalization;
using System.Text.Json;
using EntryControl.Rules;
using EntryControl.Web.Features.PolicyAuthoring;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using EntryControl.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Pages.Admin;

/// <summary>One policy version: its clauses in the notice's words, its rules as data and its own worked cases.</summary>
public sealed class PolicyModel(PolicyCatalog catalog, PolicyAuthoringService authoring, RegionCatalog regions, IStringLocalizer<SharedResource> t) : PageModel
{
    private static readonly JsonSerializerOptions IndentedJson = new(Infrastructure.Http.HttpServiceCollectionExtensions.JsonOptions) { WriteIndented = true };

    public Policy Policy { get; private set; } = null!;

    /// <summary>Every version of this policy id, oldest first.</summary>
    public IReadOnlyList<Policy> Versions { get; private set; } = [];

    /// <summary>The page is read in English (the clauses' English summaries and the file's English readings are shown).</summary>
    public bool English { get; private set; }

    /// <summary>The readings in Chinese, for the Chinese page: the window's and each rule's 解读 line, with its clause.</summary>
    public IReadOnlyList<string> ChineseReadings { get; private set; } = [];

    /// <summary>For a superseded version, the version in force in its place.</summary>
    public Policy? Replacement { get; private set; }

    /// <summary>The rule groups this policy takes from its parent (the newest parent version), with that parent.</summary>
    public (Policy Parent, IReadOnlyList<string> Groups)? Inherited { get; private set; }

    /// <summary>Drafts of this policy waiting to be published, each linked to its differences from the version in force.</summary>
    public IReadOnlyList<PolicyDraftListItem> Drafts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, int? version, CancellationToken cancellationToken)
    {
        if ((version is { } v ? catalog.Find(id, v) : catalog.Find(id)) is not { } policy)
        {
            return NotFound();
        }

        Policy = policy;
        Versions = [.. catalog.Policies.Where(p => p.Id == id).OrderBy(p => p.Version)];
        Replacement = policy.Superseded ? catalog.Find(id) : null;
        Drafts = await authoring.DraftsAsync(id, cancellationToken);
        English = HttpContext.Language() == Language.English;
        ChineseReadings =
        [
            .. new[] { policy.WindowReading?.Zh }.OfType<string>(),
            .. policy.Rules.Where(r => r.Reading is not null).Select(r => $"{t["Decision.Clause", LabelKeys.Clause(string.Join("、", r.Clauses))]}：{r.Reading!.Zh}"),
        ];
        if (policy.Parent is { } parentId && catalog.Find(parentId) is { } parent)
        {
            var own = policy.Rules.Select(r => r.Group).ToHashSet(StringComparer.Ordinal);
            Inherited = (parent, [.. parent.Rules.Select(r => r.Group).Distinct(StringComparer.Ordinal).Where(g => !own.Contains(g))]);
        }

        return Page();
    }

    public string RegionName(string code) => regions.FullName(code) is { Length: > 0 } name ? name : code;

    /// <summary>A region code prefix of a key-region rule ("65", "6201") with the division it stands for.</summary>
    public string PrefixName(string prefix) =>
        regions.Find(prefix.PadRight(6, '0')) is not null ? $"{RegionName(prefix.PadRight(6, '0'))} ({prefix})" : prefix;

    /// <summary>The localized label of an enum value or group name, or the value itself when there is none.</summary>
    public string Label(string prefix, object value)
    {
        var name = value is Enum e ? LabelKeys.Camel(e) : value.ToString()!;
        var label = t[$"{prefix}.{name}"];
        return label.ResourceNotFound ? name : label.Value;
    }

    public static string Days(IReadOnlyList<int> days) => string.Join(", ", days.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    public string Json<T>(T value) => JsonSerializer.Serialize(value, IndentedJson);

    /// <summary>"居家隔离 7 天；核酸：第 1, 3, 5, 7 天" from a phase template.</summary>
    public string Phase(PhaseTemplate phase)
    {
        var parts = new List<string> { Label("Measure", phase.Measure) };
        if (phase.Days is { } days)
        {
            parts[0] += t["Policies.PhaseDays", days];
        }

        if (phase.UntilDaysAfterLeaving is { } until)
        {
            parts[0] += t["Policies.PhaseUntil", until];
        }

        if (phase.NatDays.Count > 0)
        {
            parts.Add(phase.UntilDaysAfterLeaving is null ? t["Policies.NatDays", Days(phase.NatDays)] : t["Policies.NatDaysFromArrival", Days(phase.NatDays)]);
        }

        if (phase.NatDaysAfterLeaving.Count > 0)
        {
            parts.Add(t["Policies.NatDaysAfterLeaving", Days(phase.NatDaysAfterLeaving)]);
        }

        if (phase.AntibodyDays.Count > 0)
        {
            parts.Add(t["Policies.AntibodyDays", Days(phase.AntibodyDays)]);
        }

        if (phase.Advisory)
        {
            parts.Add(t["Policies.Advisory"]);
        }

        return string.Join(t["Policies.Separator"], parts);
    }

    /// <summary>"福建省 莆田市 仙游县 枫亭镇 高风险 2021-08-27–" from a designation of a worked case.</summary>
    public string Designation(RiskDesignation area) =>
        string.Create(CultureInfo.InvariantCulture, $"{RegionName(area.Region)}{(area.Area is null ? string.Empty : " " + area.Area)} {Label("RiskAreas.Level", area.Level)} {area.From:yyyy-MM-dd}–{area.To:yyyy-MM-dd}");

    /// <summary>A case's trip in one line: destination, arrival, stays, entry from abroad, certificate.</summary>
    public string Trip(Trip trip)
    {
        var parts = new List<string>
        {
            $"{t["Policies.CaseDestination"]} {RegionName(trip.Destination)}",
            $"{t["Policies.CaseArrival"]} {trip.ArrivalAt.ToOffset(ChinaTime.Offset):yyyy-MM-dd HH:mm}",
        };
        parts.AddRange(trip.Stays.Select(s =>
            $"{t["Policies.CaseStay"]} {RegionName(s.Region)}{(s.Areas.Count > 0 ? " " + string.Join("、", s.Areas) : string.Empty)} {s.From:yyyy-MM-dd}–{s.To:yyyy-MM-dd}"));
        if (trip.Abroad is { } abroad)
        {
            parts.Add(t["Policies.CaseAbroad", abroad.EnteredChinaOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), abroad.CentralizedQuarantineDays]);
        }

        if (trip.NucleicAcidTest is { } test)
        {
            parts.Add(t["Policies.CaseCertificate", test.SampledAt.ToOffset(ChinaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Label("Policies.Result", test.Result)]);
        }

        if (trip.Occupation != Occupation.None)
        {
            parts.Add(Label("Trip.Occupation", trip.Occupation));
        }

        if (trip.TravelerType != TravelerType.Person)
        {
            parts.Add(Label("Trip.TravelerType", trip.TravelerType));
        }

        if (!trip.PreRegistered)
        {
            parts.Add(t["Policies.CaseNotPreRegistered"]);
        }

        if (!trip.HomeIsolationFeasible)
        {
            parts.Add(t["Policies.CaseHomeNotFeasible"]);
        }

        if (trip.TemperatureCelsius is { } temperature)
        {
            parts.Add($"{temperature.ToString(CultureInfo.InvariantCulture)} ℃");
        }

        return string.Join(t["Policies.Separator"], parts);
    }
}
