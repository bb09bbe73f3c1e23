using Fabriques.Testing;

namespace Fabriques.Candidature.Tests;

/// <summary>A route that does not say who may call it is refused to everyone by the fallback policy: none may exist.</summary>
public sealed class AuthorizationMetadataTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    [Fact]
    public void Every_route_says_who_may_call_it()
    {
        Assert.Empty(AuthorizationMetadata.RoutesWithout(host.Services));
    }
}
