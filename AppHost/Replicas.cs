using Microsoft.Extensions.Configuration;

namespace Fabriques.AppHost;

/// <summary>
/// <c>Platform:Replicas</c> instances of each service. Aspire's own <c>WithReplicas</c> puts the replicas behind one
/// proxied address, so the gateway would see a single destination and could neither balance nor eject a dead one;
/// here each replica is a resource of its own (<c>directory</c>, <c>directory-2</c>, ...) with its own address, and the
/// gateway finds them all under the service's name (<c>services__directory__http__0..n</c>), which service discovery
/// hands to YARP as one destination each.
/// </summary>
internal static class Replicas
{
    public const string ConfigurationKey = "Platform:Replicas";

    public static int Count(IConfiguration configuration)
    {
        var count = configuration.GetValue(ConfigurationKey, 1);
        return count is >= 1 and <= 10
            ? count
            : throw new InvalidOperationException($"{ConfigurationKey} must be between 1 and 10 (was {count}).");
    }

    /// <summary>Name of replica <paramref name="index"/> (0-based): the first keeps the service's name.</summary>
    public static string Name(string service, int index) => index == 0 ? service : $"{service}-{index + 1}";

    /// <summary>
    /// With several replicas, each listens on its own port, without the orchestrator's proxy in front: a dead replica
    /// then refuses connections, which the gateway sees at once and routes around (a proxy would accept them and
    /// fail later). Replica <paramref name="index"/> takes the launch profile's port plus 100 × index.
    /// </summary>
    public static IResourceBuilder<ProjectResource> OnOwnPort(this IResourceBuilder<ProjectResource> replica, int index) =>
        replica.WithEndpoint("http", endpoint =>
        {
            var port = (endpoint.Port ?? throw new InvalidOperationException($"{replica.Resource.Name} has no port in its launch profile."))
                       + 100 * index;
            endpoint.Port = port;
            endpoint.TargetPort = port;
            endpoint.IsProxied = false;
        });

    /// <summary>The gateway reaches every replica of <paramref name="service"/> under the service's name, once they are up.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicasOf(
        this IResourceBuilder<ProjectResource> gateway, IReadOnlyList<IResourceBuilder<ProjectResource>> service)
    {
        gateway.WithReference(service[0]).WaitForHealthyOrDegraded(service[0]);
        for (var index = 1; index < service.Count; index++)
        {
            gateway.WithEnvironment($"services__{service[0].Resource.Name}__http__{index}", service[index].GetEndpoint("http"))
                .WaitForHealthyOrDegraded(service[index]);
        }
        return gateway;
    }
}
