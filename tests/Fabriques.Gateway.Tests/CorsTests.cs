using System.Net;

namespace Fabriques.Gateway.Tests;

/// <summary>
/// A browser frontend served from an allowed origin may call the API and read the headers it needs; any other
/// origin gets no CORS permission. Development allows the local frontend (http://localhost:5173); Production none
/// unless configured.
/// </summary>
public sealed class CorsTests(DevelopmentGateway development, ProductionGateway production)
    : IClassFixture<DevelopmentGateway>, IClassFixture<ProductionGateway>
{
    private const string LocalFrontend = "http://localhost:5173";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_gateway_answers_an_allowed_origins_preflight_itself()
    {
        using var client = development.Client();

        using var response = await client.SendAsync(Preflight(LocalFrontend, "PUT", "authorization,content-type,if-match,idempotency-key,x-correlation-id"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(LocalFrontend, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").SelectMany(v => v.Split(',')));
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries));
        Assert.Superset(new HashSet<string>(["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Correlation-Id"], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase));
        Assert.DoesNotContain(development.Backend.Received, r => r.StartsWith("OPTIONS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allowed_origin_can_read_the_headers_a_frontend_needs()
    {
        using var client = development.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/directory/places");
        request.Headers.Add("Origin", LocalFrontend);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LocalFrontend, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries));
        Assert.Superset(new HashSet<string>(["ETag", "Location", "X-Correlation-Id", "Retry-After"], StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(exposed, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_foreign_origin_gets_no_permission()
    {
        using var client = development.Client();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/directory/places");
        get.Headers.Add("Origin", "https://evil.example");

        using var preflight = await client.SendAsync(Preflight("https://evil.example", "POST", "authorization"), Ct);
        using var response = await client.SendAsync(get, Ct);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Production_allows_no_origin_by_default()
    {
        using var client = production.Client();

        using var preflight = await client.SendAsync(Preflight(LocalFrontend, "GET", "authorization"), Ct);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/candidatures/0196f1c2-0000-7000-8000-000000000001");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
