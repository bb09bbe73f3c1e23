using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.EndToEnd.Tests;

/// <summary>A frontend team needs nothing but the gateway: every service's OpenAPI document and a reference page.</summary>
public sealed class ApiReferenceTests(Platform platform)
{
    [Theory]
    [InlineData("directory", "/api/directory/places")]
    [InlineData("candidature", "/api/candidatures")]
    [InlineData("grants", "/api/grants/programme")]
    [InlineData("notification", "/api/notifications/events")]
    public async Task The_gateway_serves_each_service_OpenAPI_document(string service, string documentedPath)
    {
        var document = await platform.Gateway.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json", TestContext.Current.CancellationToken);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Contains(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith(documentedPath, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_interactive_reference_is_at_docs()
    {
        using var response = await platform.Gateway.GetAsync("/docs", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
