using System.Security.Cryptography;
using System.Text;

namespace Fabriques.Notification.Domain;

/// <summary>
/// Standard Webhooks 1.0 signing: <c>v1,base64(HMAC-SHA256(secret, "id.timestamp.body"))</c>, where the key is the
/// base64-decoded part of the secret after <c>whsec_</c>.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes (the length the standard recommends, 24 to 64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

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
