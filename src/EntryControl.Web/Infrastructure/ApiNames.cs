using System.Collections.Concurrent;

namespace EntryControl.Web.Infrastructure;

/// <summary>
/// The one parser for the API's enum values: camelCase names as the API writes them (<c>homeIsolation</c>,
/// <c>positive</c>, <c>landingTestTaken</c>), surrounding white space ignored, nothing else accepted (no numbers, no
/// other casing). Forms, services and validators all use it, so a value means the same everywhere.
/// </summary>
public static class ApiNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object>> ByName = new();

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        if (text is not null && Names(typeof(TEnum)).TryGetValue(text.Trim(), out var found))
        {
            value = (TEnum)found;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The value named by <paramref name="text"/>, or null when it names none.</summary>
    public static TEnum? Parse<TEnum>(string? text)
        where TEnum : struct, Enum => TryParse<TEnum>(text, out var value) ? value : null;

    public static bool IsDefined<TEnum>(string? text)
        where TEnum : struct, Enum => TryParse<TEnum>(text, out _);

    /// <summary>Every name the API accepts for <typeparamref name="TEnum"/>, in declaration order.</summary>
    public static IReadOnlyList<string> NamesOf<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(Name)];

    /// <summary>The API's name of a value (<see cref="LabelKeys.Camel"/>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => LabelKeys.Camel(value);

    private static IReadOnlyDictionary<string, object> Names(Type type) => ByName.GetOrAdd(type, t =>
        Enum.GetValues(t).Cast<Enum>().ToDictionary(LabelKeys.Camel, v => (object)v, StringComparer.Ordinal));
}
