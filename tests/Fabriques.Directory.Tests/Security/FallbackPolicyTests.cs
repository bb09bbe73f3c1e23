using System.Security.Claims;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Directory.Tests.Security;

public sealed class FallbackPolicyTests
{
    private static readonly IAuthorizationService Authorization =
        new ServiceCollection().AddLogging().AddAuthorization().BuildServiceProvider().GetRequiredService<IAuthorizationService>();

    private static readonly ClaimsPrincipal Gestionnaire = new(new ClaimsIdentity([new Claim("sub", "anct"), new Claim("role", Roles.Gestionnaire)], "Bearer"));

    [Fact]
    public async Task A_route_that_says_nothing_of_who_may_call_it_is_refused_even_to_a_gestionnaire()
    {
        var request = new DefaultHttpContext();
        request.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(), "forgotten"));

        var result = await Authorization.AuthorizeAsync(Gestionnaire, request, JwtAuthentication.EveryEndpointSaysWhoMayCallIt);

        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task A_path_without_a_route_goes_on_to_its_404()
    {
        var result = await Authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), new DefaultHttpContext(),
            JwtAuthentication.EveryEndpointSaysWhoMayCallIt);

        Assert.True(result.Succeeded);
    }
}
