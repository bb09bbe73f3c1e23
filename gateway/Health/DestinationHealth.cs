using System.Text.Json;
using Fabriques.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using Yarp.ReverseProxy;

namespace Fabriques.Gateway.Health;

/// <summary>Configuration section <c>DestinationHealth</c>: how long a probe may take, how long its answer is reused.</summary>
public sealed class DestinationHealthOptions
{
    public const string SectionName = "DestinationHealth";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Orchestrators and the dashboard probe the gateway often; the services see at most one probe per period.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Readiness of the gateway: one check per proxy cluster, named after it, from the <c>/health</c> of the cluster's
/// destinations (the replicas service discovery resolved): Unhealthy when none is ready, Degraded when one is down or
/// degraded. Liveness (<c>/alive</c>) does not depend on them.
/// </summary>
public static class DestinationHealth
{
    public static IHostApplicationBuilder AddDestinationHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DestinationHealthOptions>()
            .Bind(builder.Configuration.GetSection(DestinationHealthOptions.SectionName));
        builder.Services.AddSingleton<DestinationProbe>();

        var checks = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            checks.Add(new HealthCheckRegistration(cluster.Key,
                services => new ClusterHealthCheck(cluster.Key, services.GetRequiredService<DestinationProbe>()),
                HealthStatus.Unhealthy, tags: null));
        }
        return builder;
    }

    private sealed class ClusterHealthCheck(string clusterId, DestinationProbe probe) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            probe.CheckAsync(clusterId).WaitAsync(cancellationToken);
    }

    /// <summary>Probes each cluster at most once per <see cref="DestinationHealthOptions.CacheFor"/>, whoever asks.</summary>
    private sealed class DestinationProbe(IProxyStateLookup proxy, IOptions<DestinationHealthOptions> options, TimeProvider time)
        : IDisposable
    {
        // Its own client, without the platform's resilience handler: one attempt within the timeout, since retries
        // would only hide an unreachable service a little longer.
        private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = options.Value.Timeout,
        };
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (DateTimeOffset Until, Task<HealthCheckResult> Result)> _latest = [];

        public Task<HealthCheckResult> CheckAsync(string clusterId)
        {
            lock (_gate)
            {
                var now = time.GetUtcNow();
                if (!_latest.TryGetValue(clusterId, out var latest) || latest.Until <= now)
                {
                    latest = (now + options.Value.CacheFor, ProbeClusterAsync(clusterId));
                    _latest[clusterId] = latest;
                }
                return latest.Result;
            }
        }

        private async Task<HealthCheckResult> ProbeClusterAsync(string clusterId)
        {
            if (!proxy.TryGetCluster(clusterId, out var cluster) || cluster.Destinations.IsEmpty)
            {
                return HealthCheckResult.Unhealthy("No destination.");
            }
            var statuses = await Task.WhenAll(cluster.Destinations.Values.Select(d => ProbeAsync(d.Model.Config.Address)));
            var down = statuses.Count(s => s == HealthStatus.Unhealthy);
            if (down == statuses.Length)
            {
                return HealthCheckResult.Unhealthy("Unreachable or not ready.");
            }
            // The proxy routes around a dead replica: the cluster still serves, with less room.
            if (down > 0)
            {
                return HealthCheckResult.Degraded($"{down} of {statuses.Length} replicas unreachable or not ready.");
            }
            return statuses.Min() == HealthStatus.Degraded
                ? HealthCheckResult.Degraded("Ready, degraded.")
                : HealthCheckResult.Healthy("Ready.");
        }

        private async Task<HealthStatus> ProbeAsync(string address)
        {
            // Probes every few seconds would drown the traces, as they do on the services' side.
            using var untraced = SuppressInstrumentationScope.Begin();
            try
            {
                using var response = await _client.GetAsync(new Uri(new Uri(address), Extensions.HealthPath));
                if (!response.IsSuccessStatusCode)
                {
                    return HealthStatus.Unhealthy;
                }
                var report = await response.Content.ReadFromJsonAsync<JsonElement>();
                return report.TryGetProperty("status", out var status) && Enum.TryParse<HealthStatus>(status.GetString(), out var parsed)
                    ? parsed
                    : HealthStatus.Healthy;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                return HealthStatus.Unhealthy;
            }
        }

        public void Dispose() => _client.Dispose();
    }
}
