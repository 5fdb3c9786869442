using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EntryControl.Rules;

/// <summary>A worked case of a policy file whose decision is not the one the file expects.</summary>
public sealed record CaseFailure(string Name, string Expected, string Actual);

/// <summary>Runs a policy version's own worked cases (the check every upload and every shipped file must pass).</summary>
public static class PolicyCases
{
    /// <summary>The cases of <paramref name="policy"/> whose decision differs from the expected one, in file order.</summary>
    public static IReadOnlyList<CaseFailure> Failing(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var failures = new List<CaseFailure>();
        foreach (PolicyCase example in policy.Cases)
        {
            string expected = Describe(example.Expected.Measure, example.Expected.EntryAllowed, example.Expected.LandingTest, example.Expected.Phases, example.Expected.Clauses);
            string actual;
            if (!policy.Covers(example.Request.Destination))
            {
                actual = $"destination {example.Request.Destination} lies outside the jurisdiction {policy.Jurisdiction}";
            }
            else
            {
                Decision decision = PolicyEvaluator.Evaluate(example.Request, new DesignationIndex(example.RiskAreas), policy);
                actual = Describe(decision.Measure, decision.EntryAllowed, decision.LandingTest, decision.Phases, decision.Clauses);
            }

            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                failures.Add(new CaseFailure(example.Name, expected, actual));
            }
        }

        return failures;
    }

    /// <summary>A decision as one readable line per phase, so a difference shows whole.</summary>
    public static string Describe(Measure measure, bool entryAllowed, bool landingTest, IReadOnlyList<Phase> phases, IReadOnlyList<string> clauses)
    {
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(clauses);
        return string.Create(CultureInfo.InvariantCulture, $"measure={measure} entryAllowed={entryAllowed} landingTest={landingTest} clauses=[{string.Join(",", clauses)}]\n{Describe(phases)}");
    }

    public static string Describe(IReadOnlyList<Phase> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var text = new StringBuilder();
        foreach (Phase phase in phases)
        {
            text.Append(FormattableString.Invariant($"{phase.Measure}{(phase.Advisory ? " (advisory)" : string.Empty)} {phase.Start:yyyy-MM-dd}..{phase.End:yyyy-MM-dd} tests:"));
            foreach (ScheduledTest test in phase.Tests)
            {
                text.Append(FormattableString.Invariant($" {test.Date:MM-dd}/{test.Kind}"));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>
/// A policy file as a stored document: its id and version before the strict loader runs, and the file with the
/// publication a catalogue records beside it (status and effective dates) written in.
/// </summary>
public static class PolicyDocuments
{
    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The <c>id</c>, <c>version</c> and <c>effectiveFrom</c> a policy file names, or nulls where it does not (the loader says why).</summary>
    public static (string? Id, int? Version, DateOnly? EffectiveFrom) Peek(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, Reading);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            string? id = document.RootElement.TryGetProperty("id", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            int? version = document.RootElement.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : null;
            DateOnly? from = document.RootElement.TryGetProperty("effectiveFrom", out JsonElement f) && f.ValueKind == JsonValueKind.String
                && DateOnly.TryParseExact(f.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day) ? day : null;
            return (id, version, from);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    /// <summary>
    /// The file with <c>status</c>, <c>effectiveFrom</c> and <c>effectiveTo</c> replaced: a catalogue in a database
    /// keeps the text as uploaded and its publication apart. A file that is no JSON object comes back unchanged.
    /// </summary>
    public static string WithPublication(string json, bool superseded, DateOnly effectiveFrom, DateOnly? effectiveTo)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Reading);
        }
        catch (JsonException)
        {
            return json;
        }

        if (root is not JsonObject file)
        {
            return json;
        }

        file["status"] = superseded ? "superseded" : "published";
        file["effectiveFrom"] = effectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        file["effectiveTo"] = effectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return file.ToJsonString();
    }
}
