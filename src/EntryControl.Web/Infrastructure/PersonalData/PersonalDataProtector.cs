using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace EntryControl.Web.Infrastructure.PersonalData;

/// <summary>
/// Encrypts personal data at rest with AES-256-GCM (<see cref="AesGcm"/>) and hashes it for lookups with HMAC-SHA256,
/// with keys from <see cref="PersonalDataOptions"/> (never from the database).
/// A value is stored as the envelope <c>pd1:&lt;key id&gt;:&lt;base64(12-byte nonce ‖ ciphertext ‖ 16-byte tag)&gt;</c>: the
/// key id lets older keys decrypt after a rotation, the random nonce makes two equal values differ, and the header is
/// authenticated with the ciphertext. Equality lookups use <see cref="Hash"/>, never the ciphertext.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string Prefix = "pd1:";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly FrozenDictionary<string, byte[]> _keys;
    private readonly string _currentKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(PersonalDataOptions options)
    {
        if (PersonalDataOptions.Problems(options) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _keys = options.Keys.ToFrozenDictionary(k => k.Key, k => PersonalDataOptions.Bytes(k.Value)!, StringComparer.Ordinal);
        _currentKey = options.CurrentKey!;
        _hashKey = PersonalDataOptions.Bytes(options.HashKey)!;
        // Two protectors with the same keys share EF's model (whose converters hold a protector); different keys do not.
        var material = new StringBuilder(_currentKey);
        foreach (var (id, key) in _keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            material.Append('|').Append(id).Append('=').Append(Convert.ToBase64String(key));
        }

        material.Append("|hash=").Append(Convert.ToBase64String(_hashKey));
        Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }

    /// <summary>A digest of every key: equal for protectors with the same keys.</summary>
    public string Fingerprint { get; }

    /// <summary>A stored value in the envelope (as opposed to plaintext written before encryption was introduced).</summary>
    public static bool IsProtected(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The key id of an envelope, or null for plaintext.</summary>
    public static string? KeyIdOf(string stored)
    {
        if (!IsProtected(stored))
        {
            return null;
        }

        var end = stored.IndexOf(':', Prefix.Length);
        return end < 0 ? null : stored[Prefix.Length..end];
    }

    public string Protect(string plaintext)
    {
        var key = _keys[_currentKey];
        var header = Prefix + _currentKey + ":";
        var input = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + input.Length + TagSize];
        var nonce = payload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, input, payload.AsSpan(NonceSize, input.Length), payload.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(header));
        return header + Convert.ToBase64String(payload);
    }

    /// <summary>
    /// The plaintext of an envelope; a value without the envelope is returned as it is (a row written before encryption,
    /// until the start-up step has encrypted it). A tampered envelope or an unknown key id throws.
    /// </summary>
    public string Unprotect(string stored)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        var end = stored.IndexOf(':', Prefix.Length);
        var keyId = end < 0 ? string.Empty : stored[Prefix.Length..end];
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"Personal data encrypted with key '{keyId}', which is not in PersonalData:Keys.");
        }

        var payload = Convert.FromBase64String(stored[(end + 1)..]);
        if (payload.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Personal data envelope too short.");
        }

        var length = payload.Length - NonceSize - TagSize;
        var output = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(payload.AsSpan(0, NonceSize), payload.AsSpan(NonceSize, length), payload.AsSpan(NonceSize + length), output,
            Encoding.UTF8.GetBytes(stored[..(end + 1)]));
        return Encoding.UTF8.GetString(output);
    }

    /// <summary>
    /// The lookup hash of a value already normalized (<c>IdentityDocuments.Normalize</c>, a trimmed phone): HMAC-SHA256
    /// keyed by <c>PersonalData:HashKey</c>, over the field's name and the value, so an ID number and a phone with the
    /// same digits hash differently.
    /// </summary>
    public byte[] Hash(PersonalField field, string normalized) =>
        HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(FieldName(field) + "\n" + normalized));

    private static string FieldName(PersonalField field) => field switch
    {
        PersonalField.DocumentNumber => "document",
        PersonalField.Phone => "phone",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

/// <summary>The personal fields that have a lookup hash.</summary>
public enum PersonalField
{
    DocumentNumber,
    Phone,
}
