using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Gateway.Tests.Support;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// Only the services' prefixes and their OpenAPI documents are proxied; any other path, however encoded, is the
/// gateway's own 404 problem and never reaches a service.
/// </summary>
public sealed class KnownRoutesTests(DevelopmentGateway gateway) : IClassFixture<DevelopmentGateway>
{
    private static readonly string[] KnownPrefixes =
        ["/api/directory", "/api/candidatures", "/api/grants", "/api/notifications", "/openapi/v1.json"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/directoryX/places")]
    [InlineData("/api/nowhere")]
    [InlineData("/api")]
    [InlineData("/health/x")]
    [InlineData("/openapi/other.json")]
    [InlineData("/api/directory/..%2F..%2Fhealth")]
    [InlineData("/api/directory/..%2f..%2fadmin")]
    [InlineData("/api/directory%2F..%2Fgrants/programme")]
    [InlineData("/api/directory/..%5C..%5Chealth")]
    public async Task An_unknown_path_is_a_404_problem_that_reaches_no_service(string path)
    {
        using var client = gateway.Client();

        using var response = await client.SendAsync(Raw(HttpMethod.Get, path), Ct);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        AssertNoServiceReachedOutsideKnownPrefixes();
    }

    [Theory]
    [InlineData("/api/directory/../../health")]
    [InlineData("/api/directory/%2e%2e/%2e%2e/health")]
    [InlineData("/api/grants/./../../health")]
    public async Task Dot_segments_resolve_before_routing_and_cannot_climb_into_a_service(string path)
    {
        using var client = gateway.Client();

        using var response = await client.SendAsync(Raw(HttpMethod.Get, path), Ct);

        // "/health" after resolution: the gateway's own report (it has the per-cluster checks), not a service's.
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(report.GetProperty("checks").TryGetProperty("directory", out _));
        AssertNoServiceReachedOutsideKnownPrefixes();
    }

    [Theory]
    [InlineData("/api/directory/operations/seed")]
    [InlineData("/api/grants/operations/dead-letters/replay")]
    [InlineData("/api/notifications/operations/webhook-deliveries/retry-failed")]
    [InlineData("/api/candidatures/operations/dead-letters/replay")]
    public async Task Operator_routes_reach_their_service(string path)
    {
        using var client = gateway.Client("gestionnaire-ops");

        using var response = await client.PostAsync(path, null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("path").GetString());
    }

    private void AssertNoServiceReachedOutsideKnownPrefixes() =>
        Assert.All(gateway.Backend.Received, received =>
            Assert.Contains(KnownPrefixes, prefix => received.Split(' ')[1].StartsWith(prefix + "/", StringComparison.Ordinal)
                                                     || received.Split(' ')[1] == prefix));

    /// <summary>The path exactly as written: no client-side resolution of dot segments or escapes.</summary>
    private HttpRequestMessage Raw(HttpMethod method, string path) =>
        new(method, new Uri(gateway.Address + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
}
