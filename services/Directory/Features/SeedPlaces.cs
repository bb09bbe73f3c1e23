using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Directory.Features;

/// <summary>
/// <c>POST /operations/seed</c> (gestionnaire): loads the 16 real Fabriques of Région Sud (2022 inventory, in the
/// national standard) through the import path. Idempotent: a second call finds them unchanged. The dashboard's
/// <c>load-seed-data</c> command calls it; in Development, <see cref="DevelopmentSeed"/> loads it into an empty directory.
/// </summary>
public static class SeedPlaces
{
    /// <summary>Owner of the seeded places: no person, so that no porteur may edit them as theirs.</summary>
    public const string Owner = "seed:fabriques-region-sud";
    private const string Resource = "fabriques-region-sud.csv";

    public static RouteGroupBuilder MapSeedPlaces(this RouteGroupBuilder group)
    {
        group.MapPost("/operations/seed", async (PlaceImporter importer, CancellationToken ct) => TypedResults.Ok(await LoadAsync(importer, ct)))
            .RequireRoles(Roles.Gestionnaire)
            .WithTags("Operations")
            .WithName("SeedPlaces")
            .WithSummary("Load the 16 Fabriques of Région Sud, as an import would (gestionnaire; idempotent)")
            .Produces<PlaceImporter.Report>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    /// <summary>Imports the embedded seed; it ships with the service, so a line it rejects is a bug of this build.</summary>
    public static async Task<PlaceImporter.Report> LoadAsync(PlaceImporter importer, CancellationToken ct)
    {
        await using var csv = typeof(SeedPlaces).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded seed {Resource} is missing.");
        var (report, error) = await importer.ImportAsync(csv, Owner, ct);
        return report is { Rejected.Count: 0 }
            ? report
            : throw new InvalidOperationException(
                $"The seed does not import cleanly: {error ?? string.Join("; ", report!.Rejected.SelectMany(r => r.Errors))}");
    }
}
