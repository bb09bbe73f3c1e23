using System.Net;
using System.Net.Sockets;

namespace Fabriques.Notification.Domain;

/// <summary>
/// Where webhooks may go (SSRF guard): https only, and never to an address inside our own networks — loopback,
/// private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast or reserved.
/// Development and tests may allow http and loopback, never the rest.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private static readonly IPNetwork[] Internal =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", 0.0.0.0 reaches the local host
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT, also some clouds' metadata
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("224.0.0.0/3"),      // multicast, reserved, broadcast
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated, still routed by some)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    /// <summary>Why <paramref name="url"/> cannot be a target (in French), or null when its form is acceptable.</summary>
    public static string? CheckUrl(string? url, bool allowInsecure, out Uri? target)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "L'URL est obligatoire.";
        }
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return $"L'URL doit être une adresse https absolue de moins de {MaxUrlLength} caractères, par exemple https://partenaire.gouv.fr/webhooks.";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !allowInsecure)
        {
            return "L'URL doit utiliser https.";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "L'URL ne doit pas contenir d'identifiants : le secret de signature authentifie nos envois.";
        }
        target = uri;
        return null;
    }

    /// <summary>Whether a webhook may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowInsecure)
    {
        // ::ffff:10.0.0.1 is 10.0.0.1.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (Loopback.Any(n => n.Contains(plain)))
        {
            return allowInsecure;
        }
        return plain.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
               && !Internal.Any(n => n.Contains(plain));
    }
}
