using System.Net;
using System.Net.Http.Json;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>Development tokens exist only in Development: in Production nobody can mint one.</summary>
public sealed class DevTokenTests(DevelopmentGateway development, ProductionGateway production)
    : IClassFixture<DevelopmentGateway>, IClassFixture<ProductionGateway>
{
    private static readonly object Request = new { sub = "frank", roles = new[] { "gestionnaire" } };

    [Fact]
    public async Task Development_issues_tokens()
    {
        using var client = development.Client();

        using var response = await client.PostAsJsonAsync("/dev/token", Request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Production_has_no_token_route()
    {
        using var client = production.Client();

        using var response = await client.PostAsJsonAsync("/dev/token", Request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
