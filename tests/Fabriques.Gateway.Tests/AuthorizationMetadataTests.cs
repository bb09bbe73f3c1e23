using Fabriques.Testing;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// The gateway's own routes and every proxied route say who may call them (the proxied ones: anyone, the service
/// decides); the fallback policy would otherwise refuse them to everyone.
/// </summary>
public sealed class AuthorizationMetadataTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    [Fact]
    public void Every_route_says_who_may_call_it()
    {
        Assert.Empty(AuthorizationMetadata.RoutesWithout(gateway.Services));
    }
}
