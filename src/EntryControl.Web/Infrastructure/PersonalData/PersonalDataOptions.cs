using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.PersonalData;

/// <summary>
/// The <c>PersonalData</c> settings: the keys that encrypt document numbers and phones at rest and the key of their
/// lookup hash. They live outside the database (configuration, environment variables such as
/// <c>PersonalData__Keys__2026a</c>, a mounted secret file); a database dump alone reveals neither.
/// </summary>
public sealed partial class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>The id of the key new values are encrypted with; one of <see cref="Keys"/>.</summary>
    public string? CurrentKey { get; set; }

    /// <summary>
    /// Key id → 256-bit AES key (base64). Rotation: add a key, make it current, keep the old ones (values encrypted with
    /// them still decrypt; they are re-encrypted with the current key when next written).
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The HMAC-SHA256 key (base64, at least 32 bytes) of the lookup hashes. Changing it breaks every lookup.</summary>
    public string? HashKey { get; set; }

    /// <summary>Every problem with the settings, each naming the setting.</summary>
    public static IReadOnlyList<string> Problems(PersonalDataOptions options)
    {
        var problems = new List<string>();
        if (options.Keys.Count == 0)
        {
            problems.Add("PersonalData:Keys must hold at least one encryption key (key id → 256-bit key in base64); set PersonalData:Keys:<id>.");
        }

        foreach (var (id, key) in options.Keys)
        {
            if (!KeyIdShape().IsMatch(id))
            {
                problems.Add($"PersonalData:Keys:{id}: a key id is 1 to 16 letters, digits, '-' or '_'.");
            }

            if (Bytes(key) is not { Length: 32 })
            {
                problems.Add($"PersonalData:Keys:{id} must be a 256-bit key in base64 (32 bytes).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.CurrentKey))
        {
            problems.Add("PersonalData:CurrentKey must be set to the id of one of PersonalData:Keys.");
        }
        else if (!options.Keys.ContainsKey(options.CurrentKey))
        {
            problems.Add($"PersonalData:CurrentKey '{options.CurrentKey}' is not one of PersonalData:Keys.");
        }

        if (Bytes(options.HashKey) is not { Length: >= 32 })
        {
            problems.Add("PersonalData:HashKey must be set: at least 32 bytes in base64 (the key of the lookup hashes).");
        }

        return problems;
    }

    internal static byte[]? Bytes(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) ? buffer[..written] : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$")]
    private static partial Regex KeyIdShape();
}

internal sealed class PersonalDataOptionsValidation : IValidateOptions<PersonalDataOptions>
{
    public ValidateOptionsResult Validate(string? name, PersonalDataOptions options) =>
        PersonalDataOptions.Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
