using System.Net;
using System.Net.Sockets;
using Fabriques.Notification.Domain;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Webhooks;

/// <summary>A webhook target that resolves to an address we never call (SSRF guard).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// Applies <see cref="WebhookTargets"/> to real DNS answers: when a subscription is made, and again on every
/// connection, since DNS can change (rebinding) between the two.
/// </summary>
public sealed class WebhookTargetGuard(IOptions<WebhookOptions> options)
{
    private bool AllowInsecure => options.Value.AllowInsecureTargets;

    /// <summary>Why <paramref name="url"/> cannot be a target (in French), or null with the target it names.</summary>
    public async Task<(string? Refusal, Uri? Target)> CheckAsync(string? url, CancellationToken ct)
    {
        if (WebhookTargets.CheckUrl(url, AllowInsecure, out var target) is { } refusal)
        {
            return (refusal, null);
        }
        try
        {
            await ResolveAsync(target!.HostNameType == UriHostNameType.IPv6 ? target.DnsSafeHost : target.IdnHost, ct);
            return (null, target);
        }
        catch (WebhookTargetRefusedException refused)
        {
            return (refused.Message, null);
        }
    }

    /// <summary>The addresses of <paramref name="host"/>, all of them allowed; throws when any is not.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            throw new WebhookTargetRefusedException($"Le nom « {host} » ne se résout pas : vérifiez l'URL.");
        }
        // One forbidden address is enough to refuse: a name mixing public and internal addresses is a trap.
        if (addresses.Length == 0 || addresses.Any(a => !WebhookTargets.IsAllowed(a, AllowInsecure)))
        {
            throw new WebhookTargetRefusedException(
                $"« {host} » désigne une adresse interne (boucle locale, réseau privé, lien local ou métadonnées) : seules les adresses publiques sont autorisées.");
        }
        return addresses;
    }

    /// <summary>The HTTP handler of webhooks: it connects only to addresses the guard allows, and follows no redirect.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
