using System.Text.Json;
using Fabriques.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fabriques.AppHost;

/// <summary>
/// The dashboard shows each process's own readiness verdict. Aspire's HTTP health check only sees the status code,
/// and <c>/health</c> answers 200 when Degraded (so orchestrators keep routing), which would hide a lagging outbox or
/// a failing destination behind "Healthy"; this check reads the report's status and names the checks that are not
/// healthy.
/// </summary>
internal static class ReadinessChecks
{
    // One client for every probe, outside the factory: the factory would log each probe's request in the console.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static IResourceBuilder<ProjectResource> WithReadinessCheck(this IResourceBuilder<ProjectResource> resource)
    {
        var endpoint = resource.GetEndpoint("http");
        var key = $"{resource.Resource.Name}-readiness";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            _ => new ReadinessCheck(endpoint),
            failureStatus: HealthStatus.Unhealthy,
            tags: null));
        return resource.WithHealthCheck(key);
    }

    private sealed class ReadinessCheck(EndpointReference endpoint) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!endpoint.IsAllocated)
            {
                return HealthCheckResult.Unhealthy("Not started yet.");
            }
            try
            {
                using var response = await Http.GetAsync(new Uri(new Uri(endpoint.Url), Extensions.HealthPath), cancellationToken);
                using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                var status = Enum.Parse<HealthStatus>(report.RootElement.GetProperty("status").GetString()!);
                var failing = report.RootElement.GetProperty("checks").EnumerateObject()
                    .Where(check => check.Value.GetProperty("status").GetString() != nameof(HealthStatus.Healthy))
                    .Select(check => $"{check.Name}: {check.Value.GetProperty("status").GetString()}")
                    .ToList();
                return new HealthCheckResult(status, failing.Count == 0 ? null : string.Join("; ", failing));
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException
                                                  or KeyNotFoundException or ArgumentException or InvalidOperationException)
            {
                // The message, not the exception: a starting process refuses connections, and its stack trace on every
                // probe would drown the console.
                return HealthCheckResult.Unhealthy($"{Extensions.HealthPath} did not answer a readiness report: {exception.Message}");
            }
        }
    }
}
