using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Gateway.Tests.Support;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// A directory with two replicas: the gateway's first backend and a second one, registered under the same cluster
/// as service discovery would list them.
/// </summary>
public sealed class TwoReplicaGateway() : GatewayHost("Development", new Dictionary<string, string?>
{
    ["DestinationHealth:CacheFor"] = "00:00:00.100",
})
{
    public Backend Second { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Second = await Backend.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReverseProxy:Clusters:directory:Destinations:directory-2:Address", Second.Address.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>
/// One replica of a service dies: every request, writes included, is served by the other (the refused connection
/// is sent to the other replica at once, before any probe noticed), and the gateway reports the cluster Degraded.
/// </summary>
public sealed class ReplicaFailoverTests(TwoReplicaGateway gateway) : IClassFixture<TwoReplicaGateway>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dead_replica_costs_no_request_and_makes_its_cluster_degraded()
    {
        using var client = gateway.Client("porteur-failover");
        await gateway.Second.StopAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = await client.PostAsJsonAsync("/api/directory/places", new { attempt = i }, Ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Equal(20, gateway.Backend.Received.Count(r => r == "POST /api/directory/places"));

            await Eventually.SucceedsAsync(async () =>
            {
                using var health = await client.GetAsync("/health", Ct);
                var report = await health.Content.ReadFromJsonAsync<JsonElement>(Ct);
                return health.StatusCode == HttpStatusCode.OK
                       && report.GetProperty("checks").GetProperty("directory").GetProperty("status").GetString() == "Degraded";
            }, TimeSpan.FromSeconds(10), "the directory cluster was not reported Degraded with one replica down");
        }
        finally
        {
            await gateway.Second.StartAgainAsync();
        }
    }
}
