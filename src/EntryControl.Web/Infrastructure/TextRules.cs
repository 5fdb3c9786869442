using System.Globalization;
using FluentValidation;

namespace EntryControl.Web.Infrastructure;

public static class TextRules
{
    /// <summary>Free text may not hold control characters (PostgreSQL refuses NUL; line breaks do not belong in a name).</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' contains characters that are not allowed.");

    /// <summary>
    /// A name someone reads (traveler, risk area, community): no control characters, no bidirectional controls (a
    /// right-to-left override makes a printed name read differently from the stored one) and at least one visible
    /// character (zero-width spaces alone are not a name). Null or empty is left to the field's own rules.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> VisibleName<T>(this IRuleBuilder<T, string?> rule, Func<T, string> message) =>
        rule.Must(text => string.IsNullOrEmpty(text) || IsVisibleName(text)).WithMessage(message);

    public static bool IsVisibleName(string text) =>
        !text.Any(c => char.IsControl(c) || IsBidiControl(c)) && text.Any(IsVisible);

    /// <summary>U+200E/F (marks), U+202A–202E (embeddings, overrides), U+2066–2069 (isolates), U+061C (Arabic letter mark).</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Not white space, not a format character (zero-width space, joiners, BOM …), not a control.</summary>
    private static bool IsVisible(char c) =>
        !char.IsWhiteSpace(c) && !char.IsControl(c)
        && CharUnicodeInfo.GetUnicodeCategory(c) is not UnicodeCategory.Format
        && c != '\u200B' && c != '\u3164' && c != '\u115F' && c != '\u1160';
}
