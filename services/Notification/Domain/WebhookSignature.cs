using System.Security.Cryptography;
using System.Text;

namespace Fabriques.Notification.Domain;

/// <summary>
/// Standard Webhooks 1.0 signing: <c>v1,base64(HMAC-SHA256(secret, "id.timestamp.body"))</c>, where the key is the
/// base64-decoded part of the secret after <c>whsec_</c>. With several secrets (during a rotation) the header holds
/// one signature per secret, space-separated: a receiver accepts the message if any of them verifies.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes (the length the standard recommends, 24 to 64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A secret in clear, as made here; a protected one never starts so.</summary>
    public static bool IsClear(string value) => value.StartsWith(SecretPrefix, StringComparison.Ordinal);

    /// <summary>The <c>webhook-signature</c> header: one signature per secret, in order.</summary>
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, id, timestamp, body)));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A webhook secret starts with {SecretPrefix}.", nameof(secret));
        }
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
