using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Gateway.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// Development tokens exist only in Development: in Production nobody can mint one. They are signed with a key pair of
/// the gateway's whose public half only is published, as an identity provider's.
/// </summary>
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
    [InlineData(null, "frank@example.org")]
    [InlineData("camille@tiers-lieu.fr", "camille@tiers-lieu.fr")]
    public async Task A_development_token_proves_an_email_address_as_a_provider_would(string? asked, string proven)
    {
        using var client = development.Client();

        using var response = await client.PostAsJsonAsync("/dev/token",
            new { sub = "frank", email = asked, roles = new[] { "porteur" } }, TestContext.Current.CancellationToken);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();

        Assert.Equal(proven, new JsonWebToken(token).GetClaim("email").Value);
    }

    [Fact]
    public async Task A_development_token_refuses_an_address_that_is_not_one()
    {
        using var client = development.Client();

        using var response = await client.PostAsJsonAsync("/dev/token",
            new { sub = "frank", email = "frank at home", roles = new[] { "porteur" } }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
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
    public async Task Development_tokens_are_ES256_access_tokens_whose_key_is_published_without_its_private_part()
    {
        using var client = development.Client();

        using var issued = await client.PostAsJsonAsync("/dev/token", Request, TestContext.Current.CancellationToken);
        var metadata = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", TestContext.Current.CancellationToken);
        var keys = await client.GetFromJsonAsync<JsonElement>(new Uri(metadata.GetProperty("jwks_uri").GetString()!), TestContext.Current.CancellationToken);

        var token = new JsonWebToken((await issued.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString());
        Assert.Equal(("ES256", "at+jwt"), (token.Alg, token.Typ));
        Assert.Equal("https://fabriques.anct.gouv.fr/dev", metadata.GetProperty("issuer").GetString());
        var key = Assert.Single(keys.GetProperty("keys").EnumerateArray());
        Assert.Equal((token.Kid, "EC", "P-256"), (key.GetProperty("kid").GetString(), key.GetProperty("kty").GetString(), key.GetProperty("crv").GetString()));
        Assert.False(key.TryGetProperty("d", out _), "the published key carries its private part");
    }

    [Theory]
    [InlineData("/.well-known/openid-configuration")]
    [InlineData("/.well-known/jwks.json")]
    public async Task Production_publishes_no_issuer_of_its_own(string path)
    {
        using var client = production.Client();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Production_does_not_start_with_a_shared_signing_key()
    {
        using var configured = production.WithWebHostBuilder(b => b.UseSetting("Jwt:SigningKey", "gateway-tests-only-signing-key-0123456789-abcdef"));

        var refusal = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("Jwt:SigningKey", refusal.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_has_no_token_route()
    {
        using var client = production.Client();

        using var response = await client.PostAsJsonAsync("/dev/token", Request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
