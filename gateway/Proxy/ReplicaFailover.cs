using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Fabriques.Gateway.Proxy;

/// <summary>
/// A replica that has just died still looks healthy until the next active probe (a few seconds): a request sent to it
/// in that moment fails to connect. Nothing reached the service, whatever the method, so the gateway sends it to
/// another replica of the cluster instead of answering 502. A failure after the connection (the replica died while
/// answering) is not retried here: the service may have acted, and only the caller's <c>Idempotency-Key</c> makes a
/// retry safe.
/// </summary>
public static class ReplicaFailover
{
    /// <summary>The proxy pipeline: YARP's default steps, the forwarding step retried on a refused connection.</summary>
    public static void UseReplicaFailover(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var proxyFeature = context.GetReverseProxyFeature();
            var healthy = proxyFeature.AvailableDestinations;
            var tried = new List<DestinationState>();
            while (true)
            {
                await next();
                if (context.Features.Get<IForwarderErrorFeature>() is not { Error: ForwarderError.Request } error
                    || !NeverConnected(error.Exception) || context.Response.HasStarted
                    || proxyFeature.ProxiedDestination is not { } failed)
                {
                    return;
                }
                tried.Add(failed);
                // The replicas the probes call healthy first; the others rather than a 502 when none is left.
                var others = healthy.Where(d => !tried.Contains(d)).ToList();
                if (others.Count == 0)
                {
                    others = proxyFeature.AllDestinations.Where(d => !tried.Contains(d)).ToList();
                }
                if (others.Count == 0)
                {
                    return;
                }
                // Start over on the remaining replicas, as if the request had just arrived.
                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.Clear();
                proxyFeature.AvailableDestinations = others;
                proxyFeature.ProxiedDestination = null;
            }
        });
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }

    private static bool NeverConnected(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        || exception?.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}
