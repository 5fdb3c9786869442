using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EntryControl.Rules;

/// <summary>Collects every problem found while loading, each prefixed with where it was found.</summary>
internal sealed class ProblemList
{
    private readonly List<string> _problems = [];

    public int Count => _problems.Count;

    public IReadOnlyList<string> Items => _problems;

    public void Add(string source, string path, string message) =>
        _problems.Add(path.Length == 0 ? $"{source}: {message}" : $"{source}: {path}: {message}");
}

/// <summary>
/// Reads one JSON object field by field, reporting missing, malformed and unknown fields instead of
/// stopping at the first: a policy author sees every mistake of a file at once. JSON null counts as
/// absent.
/// </summary>
internal sealed partial class JsonFields
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private JsonFields(JsonElement element, string source, string path, ProblemList problems)
    {
        _element = element;
        Source = source;
        Path = path;
        Problems = problems;
    }

    public string Source { get; }

    public string Path { get; }

    public ProblemList Problems { get; }

    public static JsonFields? Open(JsonElement element, string source, string path, ProblemList problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(source, path, "must be an object");
            return null;
        }

        return new JsonFields(element, source, path, problems);
    }

    public string At(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public void Problem(string name, string message) => Problems.Add(Source, At(name), message);

    public bool Has(string name) => Value(name) is not null;

    public JsonElement? Value(string name)
    {
        _read.Add(name);
        return _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public string? String(string name, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Problem(name, "must be a non-empty string");
            return null;
        }

        return value.GetString();
    }

    public string? Code(string name, bool required = false)
    {
        string? code = String(name, required);
        if (code is not null && !SixDigits().IsMatch(code))
        {
            Problem(name, $"'{code}' is not a 6-digit region code");
            return null;
        }

        return code;
    }

    public int? Int(string name, int min, int max, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int number) || number < min || number > max)
        {
            Problem(name, $"must be a whole number from {min} to {max}");
            return null;
        }

        return number;
    }

    public decimal? Decimal(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out decimal number))
        {
            Problem(name, "must be a number");
            return null;
        }

        return number;
    }

    public bool? Bool(string name, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Problem(name, "must be true or false");
            return null;
        }

        return value.GetBoolean();
    }

    public DateOnly? Date(string name, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return date;
        }

        Problem(name, "must be a date YYYY-MM-DD");
        return null;
    }

    public DateTimeOffset? Instant(string name, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && InstantWithOffset().IsMatch(value.GetString()!)
            && value.TryGetDateTimeOffset(out DateTimeOffset instant))
        {
            return instant;
        }

        Problem(name, "must be an ISO 8601 instant with an offset, e.g. 2022-11-20T10:00:00+08:00");
        return null;
    }

    public TEnum? Enum<TEnum>(string name, bool required = false)
        where TEnum : struct, Enum
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        return EnumValue<TEnum>(value, At(name));
    }

    public TEnum? EnumValue<TEnum>(JsonElement value, string path)
        where TEnum : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String && EnumNames<TEnum>.TryParse(value.GetString()!, out TEnum parsed))
        {
            return parsed;
        }

        Problems.Add(Source, path, $"must be one of {EnumNames<TEnum>.List}");
        return null;
    }

    /// <summary>An array whose items are read by <paramref name="item"/>; items it rejects (null) are left out.</summary>
    public List<T>? Array<T>(string name, Func<JsonElement, string, T?> item, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Problem(name, "must be an array");
            return null;
        }

        var items = new List<T>();
        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            if (item(element, $"{At(name)}[{index}]") is { } parsed)
            {
                items.Add(parsed);
            }

            index++;
        }

        return items;
    }

    public List<string>? Strings(string name, bool required = false) =>
        Array(name, (element, path) => StringItem(element, path), required);

    public List<int>? Ints(string name, int min, int max) =>
        Array<int?>(name, (element, path) =>
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int n) && n >= min && n <= max)
            {
                return n;
            }

            Problems.Add(Source, path, $"must be a whole number from {min} to {max}");
            return null;
        })?.Select(n => n!.Value).ToList();

    public List<TEnum>? Enums<TEnum>(string name)
        where TEnum : struct, Enum =>
        Array<TEnum?>(name, (element, path) => EnumValue<TEnum>(element, path))?.Select(value => value!.Value).ToList();

    public JsonFields? Object(string name, bool required = false)
    {
        if (Value(name) is not { } value)
        {
            ReportIfRequired(name, required);
            return null;
        }

        return Open(value, Source, At(name), Problems);
    }

    public JsonFields? Item(JsonElement element, string path) => Open(element, Source, path, Problems);

    /// <summary>Reports every field of the object that no reader asked for (typos, fields of another kind).</summary>
    public void RejectUnknown()
    {
        foreach (JsonProperty property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                Problems.Add(Source, At(property.Name), "is not a known field here");
            }
        }
    }

    private string? StringItem(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString()))
        {
            return element.GetString();
        }

        Problems.Add(Source, path, "must be a non-empty string");
        return null;
    }

    private void ReportIfRequired(string name, bool required)
    {
        if (required)
        {
            Problem(name, "is required");
        }
    }

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantWithOffset();
}

/// <summary>The camelCase names of an enum, as the JSON files and the API spell them.</summary>
internal static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName = System.Enum.GetValues<TEnum>()
        .ToDictionary(value => JsonNamingPolicy.CamelCase.ConvertName(value.ToString()), StringComparer.Ordinal);

    public static string List { get; } = string.Join(", ", ByName.Keys);

    public static bool TryParse(string name, out TEnum value) => ByName.TryGetValue(name, out value);

    public static string Name(TEnum value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
