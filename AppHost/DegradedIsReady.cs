using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fabriques.AppHost;

/// <summary>
/// <c>WaitFor</c> holds a dependant until its dependency is Healthy; a service that is Degraded (an old outbox backlog,
/// a slow destination) still answers, and holding the gateway back would turn a lag into an outage. This wait lets
/// the dependant start once the dependency is Healthy or Degraded; the dashboard still shows the Degraded state and,
/// in its health tooltip, the checks that are not healthy.
/// </summary>
internal static class DegradedIsReady
{
    public static IResourceBuilder<T> WaitForHealthyOrDegraded<T>(this IResourceBuilder<T> dependant, IResourceBuilder<IResource> dependency)
        where T : IResource
    {
        // Also raised when an operator starts the resource again from the dashboard, so a restart waits alike.
        return dependant.OnBeforeResourceStarted(async (resource, started, cancellationToken) =>
        {
            var notifications = started.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(resource, state => state with
            {
                State = new ResourceStateSnapshot(KnownResourceStates.Waiting, KnownResourceStateStyles.Info),
            });
            await notifications.WaitForResourceAsync(dependency.Resource.Name,
                update => update.Snapshot.HealthStatus is HealthStatus.Healthy or HealthStatus.Degraded, cancellationToken);
        });
    }
}
