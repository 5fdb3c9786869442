using FluentValidation;

namespace EntryControl.Web.Infrastructure;

public static class TextRules
{
    /// <summary>Free text may not hold control characters (PostgreSQL refuses NUL; line breaks do not belong in a name).</summary>
    public static IRuleBuilderOptions<T, string?> NoControlCharacters<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' contains characters that are not allowed.");
}
