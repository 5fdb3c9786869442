using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntryControl.Rules;
using EntryControl.Web.Features.Policies;
using EntryControl.Web.Features.Regions;
using EntryControl.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace EntryControl.Web.Features.PolicyAuthoring;

/// <summary>The values the guided editor shows: those of the version in force, for the changes cities made most often.</summary>
public sealed record GuidedValues(
    string PolicyId,
    int BaseVersion,
    int NextVersion,
    IReadOnlyList<KeyRegion> KeyRegions,
    int? IsolationDays,
    string? TestDays,
    int? CertificateHours,
    int? AdvanceRegistrationDays);

public sealed record KeyRegion(string Prefix, string Name);

/// <summary>
/// What the admin changed: the key-region prefixes kept, a region added (a code the region picker gives, trailing
/// zeros dropped: 610100 → 6101), the key regions' isolation days and test days, the certificate hours, the advance
/// registration days, the first day in force, and optionally a worked case (JSON) of their own.
/// </summary>
public sealed record GuidedEdit(
    string? PolicyId,
    IReadOnlyList<string>? KeepPrefixes,
    string? AddRegion,
    string? IsolationDays,
    string? TestDays,
    string? CertificateHours,
    string? AdvanceRegistrationDays,
    string? EffectiveFrom,
    string? NewCase);

/// <summary>
/// 引导编辑: the next version of a policy from the version in force with a few values changed, in the same policy
/// file format, uploaded as a draft through <see cref="PolicyAuthoringService.UploadAsync"/> (the same checks, the
/// existing cases carried over).
/// </summary>
public sealed class PolicyEditor(PolicyCatalogHolder holder, PolicyAuthoringService authoring, RegionCatalog regions, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    private const string KeyRegionGroup = "keyRegion";

    public async Task<GuidedValues?> ValuesAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id) || holder.Current.Find(id) is not { } policy
            || await authoring.VersionsAsync(id, cancellationToken) is not ServiceResult<IReadOnlyList<PolicyVersionView>>.Ok { Value: var versions })
        {
            return null;
        }

        var keyRegion = policy.Rules.FirstOrDefault(r => r.Group == KeyRegionGroup && r.Prefixes is not null);
        var phase = keyRegion is { Phases.Count: > 0 } ? keyRegion.Phases[0] : null;
        return new GuidedValues(
            policy.Id,
            policy.Version,
            versions.Max(v => v.Version) + 1,
            [.. (keyRegion?.Prefixes ?? []).Select((p, i) => new KeyRegion(p, keyRegion!.PrefixNames is { } names && i < names.Count ? names[i].Zh : regions.FullName(p.PadRight(6, '0'))))],
            phase?.Days,
            phase is null ? null : string.Join(",", phase.NatDays),
            policy.Rules.Select(r => r.CertificateHours).FirstOrDefault(h => h is not null),
            policy.AdvanceRegistrationDays);
    }

    /// <summary>Builds the next version and uploads it as a draft; field errors are keyed by the edit's camelCase names.</summary>
    public async Task<ServiceResult<PolicyDraftView>> DraftAsync(ClaimsPrincipal user, GuidedEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (await ValuesAsync(edit.PolicyId, cancellationToken) is not { } values)
        {
            return ServiceResult.Invalid<PolicyDraftView>("policyId", t["Policies.NotFound", edit.PolicyId ?? string.Empty]);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // The message names its field: the error summary lists it away from the field.
        int? Number(string field, string label, string? text, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                errors[field] = [t["PolicyEditor.Number", t[label], min, max]];
                return null;
            }

            return n;
        }

        var isolation = Number("isolationDays", "PolicyEditor.IsolationDays", edit.IsolationDays, 1, 60);
        var hours = Number("certificateHours", "PolicyEditor.CertificateHours", edit.CertificateHours, 1, 168);
        var advance = Number("advanceRegistrationDays", "PolicyEditor.AdvanceDays", edit.AdvanceRegistrationDays, 0, 30);
        List<int>? testDays = null;
        if (!string.IsNullOrWhiteSpace(edit.TestDays))
        {
            var parts = edit.TestDays.Split([',', '，', ' ', '、'], StringSplitOptions.RemoveEmptyEntries);
            testDays = [];
            foreach (var part in parts)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 60)
                {
                    testDays.Add(day);
                }
                else
                {
                    errors["testDays"] = [t["PolicyEditor.TestDays"]];
                    break;
                }
            }

            if (isolation is { } days && testDays.Any(d => d > days))
            {
                errors["testDays"] = [t["PolicyEditor.TestDaysWithin", days]];
            }
        }

        if (!IsoDates.TryParseDate(edit.EffectiveFrom?.Trim(), out var from) || from < ChinaTime.LocalDate(clock.GetUtcNow()))
        {
            errors["effectiveFrom"] = [t["PolicyAuthoring.EffectiveFromPast", IsoDates.Format(ChinaTime.LocalDate(clock.GetUtcNow()))]];
        }

        string? added = null;
        if (!string.IsNullOrWhiteSpace(edit.AddRegion))
        {
            var code = edit.AddRegion.Trim();
            if (code.Length != 6 || regions.Find(code) is null)
            {
                errors["addRegion"] = [t["PolicyEditor.Region"]];
            }
            else
            {
                added = code;
                while (added.Length > 2 && added.EndsWith("00", StringComparison.Ordinal))
                {
                    added = added[..^2];
                }
            }
        }

        JsonNode? newCase = null;
        if (!string.IsNullOrWhiteSpace(edit.NewCase))
        {
            try
            {
                newCase = JsonNode.Parse(edit.NewCase);
                if (newCase is not JsonObject)
                {
                    errors["newCase"] = [t["PolicyEditor.Case"]];
                }
            }
            catch (JsonException)
            {
                errors["newCase"] = [t["PolicyEditor.Case"]];
            }
        }

        if (errors.Count > 0)
        {
            return new ServiceResult<PolicyDraftView>.Invalid(errors);
        }

        var json = await authoring.JsonAsync(values.PolicyId, values.BaseVersion, cancellationToken);
        if (JsonNode.Parse(json!, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is not JsonObject file)
        {
            return ServiceResult.Invalid<PolicyDraftView>("policyId", t["PolicyAuthoring.DoesNotLoad"]);
        }

        file["version"] = values.NextVersion;
        file.Remove("status");
        file["effectiveFrom"] = IsoDates.Format(from);
        file["effectiveTo"] = null;
        if (advance is not null || !string.IsNullOrWhiteSpace(edit.AdvanceRegistrationDays))
        {
            file["advanceRegistrationDays"] = advance;
        }

        foreach (var rule in (file["rules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (hours is { } h && rule["certificateHours"] is not null)
            {
                rule["certificateHours"] = h;
            }

            if ((string?)rule["group"] != KeyRegionGroup || rule["prefixes"] is not JsonArray prefixes)
            {
                continue;
            }

            var keep = (edit.KeepPrefixes ?? []).ToHashSet(StringComparer.Ordinal);
            var names = rule["prefixNames"] as JsonArray;
            for (var i = prefixes.Count - 1; i >= 0; i--)
            {
                if (!keep.Contains((string?)prefixes[i] ?? string.Empty))
                {
                    prefixes.RemoveAt(i);
                    if (names is not null && i < names.Count)
                    {
                        names.RemoveAt(i);
                    }
                }
            }

            if (added is not null && !prefixes.Any(p => (string?)p == added))
            {
                prefixes.Add(added);
                var name = regions.FullName(added.PadRight(6, '0'));
                names?.Add(new JsonObject { ["zh"] = name, ["en"] = name });
            }

            if (rule["phases"] is JsonArray { Count: > 0 } phases && phases[0] is JsonObject phase)
            {
                if (isolation is { } days && phase["days"] is not null)
                {
                    phase["days"] = days;
                }

                if (testDays is not null)
                {
                    phase["natDays"] = new JsonArray([.. testDays.Select(d => (JsonNode)d)]);
                }
            }
        }

        if (newCase is not null)
        {
            if (file["cases"] is not JsonArray cases)
            {
                file["cases"] = cases = [];
            }

            cases.Add(newCase);
        }

        var result = await authoring.UploadAsync(user, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), cancellationToken);
        return result;
    }
}
