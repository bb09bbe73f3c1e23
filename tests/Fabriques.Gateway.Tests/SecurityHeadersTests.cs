using System.Net;

namespace Fabriques.Gateway.Tests;

/// <summary>Every answer, from a service or from the gateway itself, carries the security headers and names no server.</summary>
public sealed class SecurityHeadersTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    [Theory]
    [InlineData("/api/directory/places", HttpStatusCode.OK)] // the service names itself in Server
    [InlineData("/api/nowhere", HttpStatusCode.NotFound)]
    [InlineData("/docs", HttpStatusCode.OK)]
    [InlineData("/alive", HttpStatusCode.OK)]
    public async Task Every_answer_carries_the_security_headers_and_no_Server(string path, HttpStatusCode status)
    {
        using var client = gateway.Client();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Empty(response.Headers.Server);
        Assert.False(response.Headers.Contains("Server"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);
}
