using System.Security.Cryptography;

namespace EntryControl.Web.Features.Declarations;

/// <summary>
/// The code a traveler shows as a QR code and may type: 26 characters of an alphabet without look-alikes (no 0/O,
/// no 1/I), 130 random bits, read in any case and shown in groups of four. Codes made before (22 characters of
/// base64url, 128 bits) keep working: they are looked up without regard to case too (a functional index on
/// <c>lower(code)</c>), an exact match winning should two ever differ only in case.
/// </summary>
public static class DeclarationCodes
{
    /// <summary>32 symbols: digits 2–9 and the letters without I and O.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Length of a new code: 26 × 5 = 130 random bits.</summary>
    public const int Length = 26;

    /// <summary>Length of a code of the first release (base64url of 128 bits).</summary>
    public const int LegacyLength = 22;

    /// <summary>A new code: it cannot be guessed or enumerated.</summary>
    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>
    /// A typed or scanned code as stored: spaces (of the groups of four) removed; a code of the current alphabet in
    /// capitals. A legacy code keeps its case (the lookup ignores it).
    /// </summary>
    public static string Normalize(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length == Length && compact.All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal))
            ? compact.ToUpperInvariant()
            : compact;
    }

    /// <summary>The key codes are looked up by (<c>lower(code)</c> in the database).</summary>
    public static string LookupKey(string text) => Normalize(text).ToLowerInvariant();

    /// <summary>A declaration whose code is <paramref name="text"/> in any case: SQL <c>lower(code) = @key</c>, served by the functional index.</summary>
    public static System.Linq.Expressions.Expression<Func<Declaration, bool>> Matches(string text)
    {
        var key = LookupKey(text);
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower(code) = @key (culture-free), which the functional index serves
        return d => d.Code.ToLower() == key;
#pragma warning restore CA1304, CA1311, CA1862
    }

    /// <summary>
    /// Whether typed text has the shape of a code rather than of an identity document (resident IDs have 18
    /// characters, passports and permits 8 to 11; codes 26, or 22 for the first release's).
    /// </summary>
    public static bool LooksLikeCode(string text)
    {
        var compact = Normalize(text);
        return (compact.Length == Length && compact.All(c => Alphabet.Contains(c, StringComparison.Ordinal)))
            || (compact.Length == LegacyLength && compact.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    /// <summary>The code as shown on screens: groups of four separated by spaces ("ABCD EFGH …").</summary>
    public static string Grouped(string code) =>
        string.Join(' ', Enumerable.Range(0, (code.Length + 3) / 4).Select(i => code.Substring(i * 4, Math.Min(4, code.Length - (i * 4)))));
}
