using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using EntryControl.Web.Infrastructure.PersonalData;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace EntryControl.Web.Infrastructure.KeyRing;

/// <summary>
/// Encrypts each Data Protection key before it is written to PostgreSQL: AES-256-GCM under the key-encryption key of
/// <see cref="KeyRingOptions"/>, the key's XML as plaintext. A database dump alone does not reveal the key ring.
/// </summary>
public sealed class KeyRingEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("EntryControl data protection key v1");
    private readonly byte[] _key;

    public KeyRingEncryption(IOptions<KeyRingOptions> options, IOptions<PersonalDataOptions> personalData)
    {
        _key = PersonalDataOptions.Bytes(options.Value.KeyEncryptionKey)
            ?? HKDF.DeriveKey(HashAlgorithmName.SHA256, PersonalDataOptions.Bytes(personalData.Value.HashKey)
                ?? throw new InvalidOperationException("Neither DataProtection:KeyEncryptionKey nor PersonalData:HashKey is set."),
                outputLength: 32, salt: [], info: Encoding.ASCII.GetBytes("EntryControl data protection key ring"));
    }

    internal string Encrypt(XElement element)
    {
        var plaintext = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        var sealedBox = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), AssociatedData);
        return Convert.ToBase64String(sealedBox);
    }

    internal XElement Decrypt(string base64)
    {
        var sealedBox = Convert.FromBase64String(base64);
        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The encrypted Data Protection key is truncated.");
        }

        var plaintext = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        // Throws AuthenticationTagMismatchException under another key-encryption key, or when the row was altered.
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plaintext, AssociatedData);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}

/// <summary>Data Protection's hook for <see cref="KeyRingEncryption"/> on write.</summary>
public sealed class KeyRingXmlEncryptor(KeyRingEncryption encryption) : IXmlEncryptor
{
    internal const string ElementName = "aesGcmEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(
        new XElement(ElementName,
            new XComment(" AES-256-GCM under DataProtection:KeyEncryptionKey (or the key derived from PersonalData:HashKey). "),
            new XElement("value", encryption.Encrypt(plaintextElement))),
        typeof(KeyRingXmlDecryptor));
}

/// <summary>
/// Data Protection's hook for <see cref="KeyRingEncryption"/> on read. Data Protection creates it by its type name
/// (stored beside each key), through the constructor that takes the service provider.
/// </summary>
public sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        services.GetRequiredService<KeyRingEncryption>().Decrypt(
            (string?)encryptedElement.Element("value") ?? throw new CryptographicException("The encrypted Data Protection key has no value."));
}
