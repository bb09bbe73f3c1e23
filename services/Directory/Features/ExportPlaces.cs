using System.Text.Json;
using CsvHelper;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.Http;

namespace Fabriques.Directory.Features;

/// <summary>
/// <c>GET /places/export</c>: every public place, streamed, in the national standard (the import's inverse: exporting
/// then importing changes nothing) or as data·inclusion structures.
/// </summary>
public static class ExportPlaces
{
    public const string Csv = "csv";
    public const string DataInclusion = "data-inclusion";

    private static readonly JsonSerializerOptions DataInclusionJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static RouteGroupBuilder MapExportPlaces(this RouteGroupBuilder group)
    {
        group.MapGet("/places/export", Handle)
            .AllowAnonymous()
            .WithName("ExportPlaces")
            .WithFilesTimeout() // a whole file: its size, not the default clock, bounds it
            .WithSummary("Export every public place: format=csv (national standard v1.0.2) or format=data-inclusion (JSON array of structures)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces<DataInclusionStructure[]>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem()
            .DisableRequestTimeout(); // a whole file: its length, not a clock, bounds it
        return group;
    }

    private static IResult Handle(string? format, DirectoryDbContext db, CancellationToken ct) => format switch
    {
        Csv => TypedResults.Stream(body => WriteCsvAsync(body, PublicPlaces(db), ct), "text/csv; charset=utf-8", "lieux-mediation-numerique.csv"),
        DataInclusion => TypedResults.Stream(
            body => JsonSerializer.SerializeAsync(body, PublicPlaces(db).Select(DataInclusionStructure.From), DataInclusionJson, ct),
            "application/json; charset=utf-8"),
        _ => new ValidationErrors().Add("format", $"Le format est « {Csv} » (standard national des lieux de médiation numérique) ou « {DataInclusion} ».").ToProblem(),
    };

    private static IAsyncEnumerable<Place> PublicPlaces(DirectoryDbContext db) =>
        db.Places.AsNoTracking().Where(p => p.ArchivedAt == null).OrderBy(p => p.ExternalId).AsAsyncEnumerable();

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<Place> places, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
        await csv.WriteRecordAsync([.. LieuxMediationNumerique.Columns], ct);
        await foreach (var place in places.WithCancellation(ct))
        {
            await csv.WriteRecordAsync([.. LieuxMediationNumerique.Write(place).Select(SpreadsheetText.Neutralise)], ct);
        }
    }
}
