using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Webhooks;

/// <summary>Configuration section <c>DataProtection</c>.</summary>
public sealed class KeyRingEncryptionOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>
    /// The key-encryption secret (at least 32 characters, from a Kubernetes Secret or a vault; the AppHost generates
    /// one per run): the Data Protection keys are stored encrypted with it, so the database alone unprotects nothing.
    /// </summary>
    public string KeyEncryptionKey { get; set; } = "";
}

/// <summary>
/// Encrypts each Data Protection key before it is written to <c>data_protection_keys</c>: AES-256-GCM under a key
/// derived (HKDF-SHA256) from <see cref="KeyRingEncryptionOptions.KeyEncryptionKey"/>. The master keys that protect
/// the webhook secrets therefore never sit in clear in the database, its dumps or its backups.
/// </summary>
public sealed class KeyRingEncryptor(IOptions<KeyRingEncryptionOptions> options) : IXmlEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("Fabriques.Notification.DataProtectionKeyRing");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedKey = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(DerivedKey(options.Value), TagSize))
        {
            aes.Encrypt(nonce, plaintext, sealedKey.AsSpan(NonceSize, plaintext.Length), sealedKey.AsSpan(NonceSize + plaintext.Length), Purpose);
        }
        return new EncryptedXmlInfo(new XElement("encryptedKey", Convert.ToBase64String(sealedKey)), typeof(KeyRingDecryptor));
    }

    /// <summary>Reverses <see cref="Encrypt"/>; Data Protection creates it by type, with the service provider.</summary>
    public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            var sealedKey = Convert.FromBase64String(encryptedElement.Value);
            var cipherLength = sealedKey.Length - NonceSize - TagSize;
            var plaintext = new byte[cipherLength];
            using (var aes = new AesGcm(DerivedKey(services.GetRequiredService<IOptions<KeyRingEncryptionOptions>>().Value), TagSize))
            {
                // Throws when the key-encryption secret is not the one the key was written with: nothing is guessed.
                aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize, cipherLength),
                    sealedKey.AsSpan(NonceSize + cipherLength), plaintext, Purpose);
            }
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
    }

    private static byte[] DerivedKey(KeyRingEncryptionOptions options) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(options.KeyEncryptionKey), 32, info: Purpose);
}

public static class KeyRingEncryptionSetup
{
    /// <summary>Data Protection for the webhook secrets: keys in this service's database, encrypted with the key-encryption secret.</summary>
    public static IHostApplicationBuilder AddWebhookSecretProtection<TContext>(this IHostApplicationBuilder builder, string applicationName)
        where TContext : Microsoft.EntityFrameworkCore.DbContext, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
    {
        builder.Services.AddOptions<KeyRingEncryptionOptions>()
            .Bind(builder.Configuration.GetSection(KeyRingEncryptionOptions.SectionName))
            .Validate(o => o.KeyEncryptionKey.Length >= 32,
                $"{KeyRingEncryptionOptions.SectionName}:KeyEncryptionKey must hold a secret of at least 32 characters: it encrypts the keys that protect the webhook secrets.")
            .ValidateOnStart();
        builder.Services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToDbContext<TContext>();
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new KeyRingEncryptor(services.GetRequiredService<IOptions<KeyRingEncryptionOptions>>())));
        // Data Protection loads its key ring when the host starts, from a table the migrations create: move its loader
        // after the migrator (hosted services start in the order they were added), or a fresh start logs a missing table.
        var keyRingLoader = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService");
        builder.Services.Remove(keyRingLoader);
        builder.Services.Add(keyRingLoader);
        return builder;
    }
}
