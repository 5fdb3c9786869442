using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.KeyRing;

/// <summary>
/// The <c>DataProtection</c> settings. The key ring (what signs and encrypts cookies, bearer tokens and antiforgery
/// tokens) is kept in PostgreSQL so that every instance reads the same keys; each key is encrypted there with
/// <see cref="KeyEncryptionKey"/>, which lives outside the database like the personal-data keys.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// 256-bit AES key in base64 that encrypts the key ring at rest. When not set, one is derived (HKDF-SHA256) from
    /// <c>PersonalData:HashKey</c>, which every instance already holds and which never changes.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Shared by every instance, whatever folder it runs from (the default would be the content root path).</summary>
    public string ApplicationName { get; set; } = "EntryControl";
}

internal sealed class KeyRingOptionsValidation : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        if (options.KeyEncryptionKey is not null && PersonalDataOptions.Bytes(options.KeyEncryptionKey) is not { Length: 32 })
        {
            return ValidateOptionsResult.Fail("DataProtection:KeyEncryptionKey must be a 256-bit key in base64 (32 bytes).");
        }

        return string.IsNullOrWhiteSpace(options.ApplicationName)
            ? ValidateOptionsResult.Fail("DataProtection:ApplicationName must not be empty.")
            : ValidateOptionsResult.Success;
    }
}
