using System.Globalization;
using System.Text.RegularExpressions;

namespace EntryControl.Web.Features.Declarations;

/// <summary>证件类型 the identity documents a traveler may declare with.</summary>
public enum IdType
{
    /// <summary>居民身份证 (GB 11643, 18 characters with a check character).</summary>
    ResidentId,

    /// <summary>护照.</summary>
    Passport,

    /// <summary>港澳居民来往内地通行证.</summary>
    HkMacaoPermit,

    /// <summary>台湾居民来往大陆通行证.</summary>
    TaiwanPermit,
}

public static partial class IdentityDocuments
{
    public static readonly IReadOnlyList<string> Types = ["residentId", "passport", "hkMacaoPermit", "taiwanPermit"];

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static IdType? ParseType(string? type) => type?.Trim() switch
    {
        "residentId" => IdType.ResidentId,
        "passport" => IdType.Passport,
        "hkMacaoPermit" => IdType.HkMacaoPermit,
        "taiwanPermit" => IdType.TaiwanPermit,
        _ => null,
    };

    public static string Normalize(string number) => number.Trim().ToUpperInvariant();

    /// <summary>The GB 11643 check character for the first 17 digits of a resident ID.</summary>
    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>
    /// GB 11643-1999: 17 digits (region, birth date, sequence) and a check character from the weighted sum mod 11.
    /// </summary>
    public static bool IsValidResidentId(string? number)
    {
        if (number is null || !ResidentIdShape().IsMatch(number))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth.Year < 1900)
        {
            return false;
        }

        return CheckCharacter(number) == char.ToUpperInvariant(number[17]);
    }

    /// <summary>
    /// GB/T 2260 province-level codes (the first two digits of every region code). A resident ID's first six digits
    /// may be a county code since renamed or a prefecture's, so only the province is checked; 00 is none.
    /// </summary>
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ];

    /// <summary>Whether a resident ID that <see cref="IsValidResidentId"/> accepted names a province that exists.</summary>
    public static bool HasKnownProvince(string number) => Provinces.Contains(number[..2]);

    /// <summary>The birth date of a resident ID that <see cref="IsValidResidentId"/> accepted.</summary>
    public static DateOnly ResidentIdBirthDate(string number) =>
        DateOnly.ParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    public static bool IsValid(IdType type, string? number) => number is not null && type switch
    {
        IdType.ResidentId => IsValidResidentId(Normalize(number)),
        IdType.Passport => PassportShape().IsMatch(Normalize(number)),
        IdType.HkMacaoPermit => HkMacaoShape().IsMatch(Normalize(number)),
        IdType.TaiwanPermit => TaiwanShape().IsMatch(Normalize(number)),
        _ => false,
    };

    /// <summary><c>110105194912310021</c> → <c>110105********0021</c>: region and last four stay readable.</summary>
    public static string Mask(string number) => number.Length switch
    {
        >= 15 => string.Concat(number.AsSpan(0, 6), new string('*', number.Length - 10), number.AsSpan(number.Length - 4)),
        > 4 => string.Concat(new string('*', number.Length - 4), number.AsSpan(number.Length - 4)),
        _ => new string('*', number.Length),
    };

    /// <summary><c>13800138000</c> → <c>138****8000</c>.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length >= 7 ? string.Concat(phone.AsSpan(0, 3), new string('*', phone.Length - 7), phone.AsSpan(phone.Length - 4)) : "***";

    [GeneratedRegex("^[0-9]{17}[0-9Xx]$")]
    private static partial Regex ResidentIdShape();

    [GeneratedRegex("^[A-Z0-9]{5,20}$")]
    private static partial Regex PassportShape();

    [GeneratedRegex("^[HM][0-9]{8}([0-9]{2})?$")]
    private static partial Regex HkMacaoShape();

    [GeneratedRegex("^[0-9]{8}([0-9]{2})?$")]
    private static partial Regex TaiwanShape();
}
