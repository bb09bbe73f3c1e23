using Fabriques.Notification.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace Fabriques.Notification.Webhooks;

/// <summary>
/// Webhook signing secrets at rest: protected with ASP.NET Core Data Protection (authenticated encryption, keys kept
/// and rotated in this service's own database, <c>data_protection_keys</c>), unprotected only in memory to sign.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    /// <summary>The purpose isolates these payloads: nothing else protected by the service unprotects as a secret.</summary>
    private readonly IDataProtector _protector = provider.CreateProtector("Fabriques.Notification.WebhookSecrets");

    /// <summary>A new secret, in clear (to show once) and protected (to store).</summary>
    public (string Clear, string Protected) New()
    {
        var secret = WebhookSignature.NewSecret();
        return (secret, Protect(secret));
    }

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The clear secret; one written before secrets were protected is still clear until the start-up pass protects it.</summary>
    public string Unprotect(string stored) => WebhookSignature.IsClear(stored) ? stored : _protector.Unprotect(stored);
}
