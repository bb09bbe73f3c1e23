using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Gateway.Tests.Support;
using Fabriques.Testing;

namespace Fabriques.Gateway.Tests;

/// <summary>A gateway whose readiness reuses a service's health for 100 ms only, so the test sees changes at once.</summary>
public sealed class ReadinessGateway() : GatewayHost("Development", new Dictionary<string, string?>
{
    ["DestinationHealth:CacheFor"] = "00:00:00.100",
    ["DestinationHealth:Timeout"] = "00:00:01",
});

/// <summary>
/// The gateway is ready when the services it routes to are: an orchestrator (and the dashboard) see at once which
/// service is missing. Its liveness does not depend on them.
/// </summary>
public sealed class ReadinessTests(ReadinessGateway gateway) : IClassFixture<ReadinessGateway>
{
    private static readonly string[] Clusters = ["directory", "candidature", "grants", "notification"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_follows_the_services_health_and_liveness_does_not()
    {
        using var client = gateway.Client();
        await WaitForReadinessAsync(client, HttpStatusCode.OK, "Healthy");

        await gateway.Backend.StopAsync();
        try
        {
            await WaitForReadinessAsync(client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
            using var alive = await client.GetAsync("/alive", Ct);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

            using var proxied = await client.GetAsync("/api/directory/places", Ct);
            var problem = await proxied.AssertProblemAsync(HttpStatusCode.BadGateway);
            Assert.Equal(ProblemTypes.ServiceUnavailable, problem.GetProperty("type").GetString());
            Assert.NotNull(proxied.Headers.RetryAfter);
        }
        finally
        {
            await gateway.Backend.StartAgainAsync();
        }

        await WaitForReadinessAsync(client, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task A_service_reporting_itself_degraded_makes_its_cluster_degraded()
    {
        using var client = gateway.Client();
        gateway.Backend.Health = "Degraded";
        try
        {
            await WaitForReadinessAsync(client, HttpStatusCode.OK, "Degraded");
        }
        finally
        {
            gateway.Backend.Health = "Healthy";
        }
        await WaitForReadinessAsync(client, HttpStatusCode.OK, "Healthy");
    }

    /// <summary>Waits until the gateway answers <paramref name="code"/> with every cluster's check (and so itself) at <paramref name="status"/>.</summary>
    private static Task WaitForReadinessAsync(HttpClient client, HttpStatusCode code, string status) =>
        Eventually.SucceedsAsync(async () =>
        {
            using var response = await client.GetAsync("/health", Ct);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var checks = report.GetProperty("checks");
            return response.StatusCode == code
                   && report.GetProperty("status").GetString() == status
                   && Clusters.All(c => checks.GetProperty(c).GetProperty("status").GetString() == status);
        }, Patience, $"the gateway's readiness and every cluster's check did not become {status}");
}
