using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
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
    public async Task A_development_token_carries_the_regions_of_an_instructeur()
    {
        using var client = development.Client();

        using var response = await client.PostAsJsonAsync("/dev/token",
            new { sub = "ines", roles = new[] { "instructeur" }, regions = new[] { "44", "93" } }, TestContext.Current.CancellationToken);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["44", "93"], new JsonWebToken(token).Claims.Where(c => c.Type == "region").Select(c => c.Value));
    }

    [Theory]
    [InlineData("instructeur", "Grand Est")]
    [InlineData("instructeur", "444")]
    [InlineData("gestionnaire", "44")]
    public async Task Regions_are_two_digit_codes_for_an_instructeur(string role, string region)
    {
        using var client = development.Client();

        using var response = await client.PostAsJsonAsync("/dev/token",
            new { sub = "ines", roles = new[] { role }, regions = new[] { region } }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("regions", out _));
    }

    [Fact]
    public async Task Production_has_no_token_route()
    {
        using var client = production.Client();

        using var response = await client.PostAsJsonAsync("/dev/token", Request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
