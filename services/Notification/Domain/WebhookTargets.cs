using System.Net;
using System.Net.Sockets;

namespace Fabriques.Notification.Domain;

/// <summary>
/// Where webhooks may go (SSRF guard): https only, and only to a globally reachable address — never loopback,
/// private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique local, site-local, multicast,
/// documentation or any other special-purpose range (IANA registries). An IPv6 address that carries an IPv4 one
/// (mapped, compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it reaches. Development and tests may
/// allow http and loopback, never the rest.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2000;

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>The IPv4 special-purpose address registry, plus multicast and reserved (224/3).</summary>
    private static readonly IPNetwork[] SpecialIPv4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", 0.0.0.0 reaches the local host
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT, also some clouds' metadata
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),     // documentation
        IPNetwork.Parse("192.31.196.0/24"),  // AS112
        IPNetwork.Parse("192.52.193.0/24"),  // AMT
        IPNetwork.Parse("192.88.99.0/24"),   // 6to4 relay anycast
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("192.175.48.0/24"),  // AS112 direct delegation
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),  // documentation
        IPNetwork.Parse("203.0.113.0/24"),   // documentation
        IPNetwork.Parse("224.0.0.0/3"),      // multicast, reserved, broadcast
    ];

    /// <summary>
    /// The IPv6 special-purpose address registry, but for the ranges that embed an IPv4 address (judged by it) and
    /// 2001::/23 cut around Teredo (2001::/32) for the same reason.
    /// </summary>
    private static readonly IPNetwork[] SpecialIPv6 =
    [
        IPNetwork.Parse("::/96"),            // unspecified, IPv4-compatible (the latter judged first by their IPv4)
        IPNetwork.Parse("::ffff:0:0/96"),    // IPv4-mapped, idem
        IPNetwork.Parse("64:ff9b:1::/48"),   // local-use NAT64: an operator's own translator, inside its network
        IPNetwork.Parse("100::/64"),         // discard-only
        IPNetwork.Parse("2001:1::/32"),      // IETF protocol assignments (2001::/23 but Teredo)
        IPNetwork.Parse("2001:2::/31"),
        IPNetwork.Parse("2001:4::/30"),
        IPNetwork.Parse("2001:8::/29"),
        IPNetwork.Parse("2001:10::/28"),
        IPNetwork.Parse("2001:20::/27"),
        IPNetwork.Parse("2001:40::/26"),
        IPNetwork.Parse("2001:80::/25"),
        IPNetwork.Parse("2001:100::/24"),
        IPNetwork.Parse("2001:db8::/32"),    // documentation
        IPNetwork.Parse("2620:4f:8000::/48"), // AS112
        IPNetwork.Parse("3fff::/20"),        // documentation
        IPNetwork.Parse("5f00::/16"),        // segment routing
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // site-local (deprecated, still routed by some)
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork IPv4Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

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
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }
        if (Loopback.Any(n => n.Contains(address)))
        {
            return allowInsecure;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !SpecialIPv4.Any(n => n.Contains(address));
        }
        var embedded = EmbeddedIPv4(address);
        if (embedded.Count > 0)
        {
            // Loopback is allowed in Development as itself only: hidden in an IPv6 form it is a trick, not a test setup.
            return embedded.All(a => IsAllowed(a, allowInsecure: false));
        }
        return !SpecialIPv6.Any(n => n.Contains(address));
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address leads to: mapped (::ffff:a.b.c.d), translated (::ffff:0:a.b.c.d),
    /// compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::) and Teredo (server, and client
    /// stored inverted in the last 32 bits).
    /// </summary>
    public static IReadOnlyList<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 16)
        {
            return [];
        }
        if (address.IsIPv4MappedToIPv6 || IPv4Translated.Contains(address) || Nat64.Contains(address)
            || (IPv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6None) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return [new IPAddress(bytes[12..16])];
        }
        if (SixToFour.Contains(address))
        {
            return [new IPAddress(bytes[2..6])];
        }
        if (Teredo.Contains(address))
        {
            var client = bytes[12..16];
            for (var i = 0; i < client.Length; i++)
            {
                client[i] ^= 0xff;
            }
            return [new IPAddress(bytes[4..8]), new IPAddress(client)];
        }
        return [];
    }
}
