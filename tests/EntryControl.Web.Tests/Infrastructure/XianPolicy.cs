using System.Text.Json;
using System.Text.Json.Nodes;
using EntryControl.Rules;

namespace EntryControl.Web.Tests.Infrastructure;

/// <summary>The next version of Bayannur 71号 that the policy-authoring tests upload (web and browser tests share it).</summary>
public static class XianPolicy
{
    public const string Bayannur = "bayannur-2022-71";

    /// <summary>
    /// Version 3: the shipped version 2 with Xi'an among the key regions, a case for it, and the one case that had a
    /// Xi'an stay moved to Beijing (under version 3 Xi'an is a key region, so that case's answer changes).
    /// </summary>
    public static string Version3(bool fixOldCase = true, string? expectedXianMeasure = null)
    {
        var v2 = PolicyCatalog.EmbeddedSources().Single(s => s.Name == $"{Bayannur}.v2.json").Json;
        var file = JsonNode.Parse(v2)!.AsObject();
        file["version"] = 3;
        file.Remove("status");
        file["effectiveFrom"] = "2022-11-17";
        var keyRegion = file["rules"]!.AsArray().Single(r => (string?)r!["group"] == "keyRegion")!;
        keyRegion["prefixes"]!.AsArray().Add("6101");
        keyRegion["prefixNames"]!.AsArray().Add(new JsonObject { ["zh"] = "陕西省西安市", ["en"] = "Xi'an, Shaanxi" });
        var clause = file["clauses"]!.AsArray().Single(c => (string?)c!["number"] == "四")!;
        clause["text"] = ((string)clause["text"]!).Replace("和呼和浩特市等", "、陕西省西安市和呼和浩特市等", StringComparison.Ordinal);
        var cases = file["cases"]!.AsArray();
        if (fixOldCase)
        {
            var old = cases.Single(c => (string?)c!["name"] == "clauses 五+七: outside Inner Mongolia without certificate")!;
            old["request"]!["stays"]![0]!["region"] = "110101";
        }

        var xinjiang = cases.Single(c => (string?)c!["name"] == "clauses 四+七: Xinjiang is a key region outside Inner Mongolia")!;
        var xian = xinjiang.DeepClone();
        xian["name"] = "clauses 四+七: Xi'an is a key region";
        xian["request"]!["stays"]![0]!["region"] = "610113";
        if (expectedXianMeasure is not null)
        {
            xian["expected"]!["measure"] = expectedXianMeasure;
        }

        cases.Add(xian);
        return file.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

}
