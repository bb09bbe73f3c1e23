
namespace Fabriques.Directory.Tests.Features;

public sealed class OpenApiTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        var document = await host.CreateClient().GetJsonAsync("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name} {op.Value.GetProperty("operationId").GetString()}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "DELETE /api/directory/places/{id} ArchivePlace",
            "GET /api/directory/operations/dead-letters ListDeadLetters",
            "GET /api/directory/places SearchPlaces",
            "GET /api/directory/places/export ExportPlaces",
            "GET /api/directory/places/{id} GetPlace",
            "GET /api/directory/stats GetStats",
            "POST /api/directory/imports ImportPlaces",
            "POST /api/directory/operations/dead-letters/replay ReplayAllDeadLetters",
            "POST /api/directory/operations/dead-letters/{messageId}/replay ReplayDeadLetter",
            "POST /api/directory/operations/seed SeedPlaces",
            "POST /api/directory/places RegisterPlace",
            "PUT /api/directory/places/{id} UpdatePlace",
        ], operations);
    }
}
