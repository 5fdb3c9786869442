using System.Security.Cryptography;

namespace EntryControl.Web.Features.Declarations;

/// <summary>The code a traveler shows as a QR code: 128 random bits in base64url, 22 characters.</summary>
public static class DeclarationCodes
{
    public const int Length = 22;

    /// <summary>A new code: it cannot be guessed or enumerated.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Whether typed text has the shape of a code rather than of an identity document (resident IDs have 18
    /// characters, passports and permits 8 to 11; none has 22).
    /// </summary>
    public static bool LooksLikeCode(string text) =>
        text.Length == Length && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
