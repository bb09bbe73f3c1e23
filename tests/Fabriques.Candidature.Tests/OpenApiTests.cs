using System.Net.Http.Json;
using System.Text.Json;

namespace Fabriques.Candidature.Tests;

public sealed class OpenApiTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        using var client = host.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "DELETE /api/candidatures/{id}/documents/{documentId}",
            "GET /api/candidatures",
            "GET /api/candidatures/operations/dead-letters",
            "GET /api/candidatures/waves",
            "GET /api/candidatures/waves/{id}",
            "GET /api/candidatures/{id}",
            "GET /api/candidatures/{id}/documents",
            "GET /api/candidatures/{id}/documents/{documentId}",
            "GET /api/candidatures/{id}/opinions",
            "POST /api/candidatures",
            "POST /api/candidatures/operations/dead-letters/replay",
            "POST /api/candidatures/operations/dead-letters/{messageId}/replay",
            "POST /api/candidatures/waves",
            "POST /api/candidatures/waves/calendar",
            "POST /api/candidatures/{id}/assign",
            "POST /api/candidatures/{id}/decision",
            "POST /api/candidatures/{id}/documents",
            "POST /api/candidatures/{id}/opinions",
            "POST /api/candidatures/{id}/reopen",
            "POST /api/candidatures/{id}/return",
            "POST /api/candidatures/{id}/review",
            "POST /api/candidatures/{id}/submit",
            "POST /api/candidatures/{id}/withdraw",
            "PUT /api/candidatures/{id}",
        ], operations);
    }
}
