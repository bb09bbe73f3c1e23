using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Security;

/// <summary>
/// A service verifies tokens against its Authority's published keys and accepts nothing else: no shared secret, no
/// HMAC signed with whatever key is public, no unsigned token, no JWT that is not an access token.
/// </summary>
public sealed class TokenTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    /// <summary>The shared key earlier versions gave every process of a test run.</summary>
    private const string FormerSharedKey = "tests-only-signing-key-0123456789-abcdefghijklmnop";

    [Fact]
    public async Task A_token_from_the_Authority_is_accepted()
    {
        using var response = await PostAsync(TestIssuer.Tokens.Issue("gestionnaire-token", null, null, [Roles.Gestionnaire]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_HS256_token_is_refused_even_signed_with_the_former_shared_key()
    {
        using var response = await PostAsync(Token(new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(FormerSharedKey)), SecurityAlgorithms.HmacSha256)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_the_published_public_key_is_refused()
    {
        // Key confusion: a verifier that let the token choose its algorithm would check this HMAC with the public key.
        var published = TestIssuer.Tokens.PublicKeys.Keys.Single();
        var publicBytes = Base64UrlEncoder.DecodeBytes(published.X).Concat(Base64UrlEncoder.DecodeBytes(published.Y)).ToArray();
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicBytes) { KeyId = published.Kid }, SecurityAlgorithms.HmacSha256);

        using var response = await PostAsync(Token(credentials));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        using var response = await PostAsync(Token(credentials: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_of_the_Authority_that_is_not_an_access_token_is_refused()
    {
        using var response = await PostAsync(Token(TestIssuer.Tokens.Credentials, tokenType: "JWT"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public void The_service_does_not_start_with_a_shared_signing_key(string environment)
    {
        using var configured = host.WithWebHostBuilder(b => b.UseEnvironment(environment).UseSetting("Jwt:SigningKey", FormerSharedKey));

        var refusal = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("Jwt:SigningKey", Flatten(refusal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_does_not_start_without_an_Authority()
    {
        using var configured = host.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Jwt:Authority", ""));

        var refusal = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("Jwt:Authority is required", Flatten(refusal), StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_Development_the_Authority_must_be_reached_over_https()
    {
        using var configured = host.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Jwt:RequireHttpsMetadata", null));

        var refusal = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("HTTPS", Flatten(refusal), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string token)
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await client.PostAsJsonAsync(Places, MinimalPlace(), TestContext.Current.CancellationToken);
    }

    /// <summary>A gestionnaire's token, right in every claim, signed (or not) as the test says.</summary>
    private static string Token(SigningCredentials? credentials, string tokenType = JwtSettings.AccessTokenType)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtSettings.DefaultIssuer,
            Audience = JwtSettings.DefaultAudience,
            TokenType = tokenType,
            Subject = new ClaimsIdentity([new Claim("sub", "intruder"), new Claim(JwtAuthentication.RoleClaim, Roles.Gestionnaire)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = credentials,
        });
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? " | " + Flatten(inner) : "");
}
