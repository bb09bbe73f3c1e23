using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Testing;

/// <summary>Whether every route of an application says who may call it (a role requirement, or AllowAnonymous).</summary>
public static class AuthorizationMetadata
{
    /// <summary>The routes that say nothing: the fallback policy refuses them to everyone, which is a bug to fix.</summary>
    public static IReadOnlyList<string> RoutesWithout(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                        && e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count == 0
                        && e.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(e => $"{string.Join('|', e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")];
}
