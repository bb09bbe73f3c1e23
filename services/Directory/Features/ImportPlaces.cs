using System.Security.Claims;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.Http;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Directory.Features;

/// <summary>
/// <c>POST /imports</c>: a gestionnaire imports a CSV of the national standard. Each line creates or updates the place
/// of its <c>id</c>, or is rejected with its reasons; a bad line never stops the good ones, and importing the same file
/// again changes nothing.
/// </summary>
public static class ImportPlaces
{
    // A national file weighs tens of MB: it is streamed, so only this bound (not memory) limits it.
    private const long MaxFileBytes = 500L * 1024 * 1024;

    public static RouteGroupBuilder MapImportPlaces(this RouteGroupBuilder group)
    {
        group.MapPost("/imports", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .Accepts<string>("text/csv")
            .WithName("ImportPlaces")
            .WithFilesTimeout() // a whole file: its size, not the default clock, bounds it
            .WithRequestExample(string.Join(';', LieuxMediationNumerique.RequiredColumns) + "\n" +
                                "ruche-malijai;73282932000074;La Ruche de Malijai;Malijai;04350;2 lotissement les micocouliers;2027-03-15\n")
            .WithSummary("Import a CSV of the national standard \"lieux de médiation numérique\" v1.0.2 (gestionnaire)")
            .WithDescription("Separated by , or ;, UTF-8 with or without BOM. Lines are matched on their id. " +
                             "Kinds, roles, territory and labels are not in the standard: an import keeps them.")
            .Produces<PlaceImporter.Report>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .DisableRequestTimeout(); // a whole file: its length, not a clock, bounds it
        return group;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ClaimsPrincipal user, PlaceImporter importer, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes;
        }
        var (report, error) = await importer.ImportAsync(http.Request.Body, user.Subject(), ct);
        return report is null ? new ValidationErrors().Add("file", error!).ToProblem() : TypedResults.Ok(report);
    }
}

/// <summary>Imports a file of the national standard, line by line, in batches of one transaction each.</summary>
public sealed class PlaceImporter(DirectoryDbContext db, PlaceRules rules, TimeProvider time)
{
    private const int BatchSize = 500;

    // Every import takes this lock batch by batch: two imports at once cannot both create the place of a new id.
    private const long ImportLock = 0x4D45444E554D; // "MEDNUM"

    public sealed record Rejection(long Line, IReadOnlyList<string> Errors);

    /// <summary><see cref="Unchanged"/>: lines that matched a place already identical.</summary>
    public sealed record Report(int Created, int Updated, int Unchanged, IReadOnlyList<Rejection> Rejected);

    /// <summary>A valid line: its place, and whether (since when) the file says it is a Fabrique de Territoire.</summary>
    private sealed record Row(string Id, PlaceDetails Details, bool Fabrique, DateOnly LabelledSince);

    private readonly record struct Counts(int Created, int Updated, int Unchanged)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Created + b.Created, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
    }

    /// <summary>The report, or (nothing imported) why the file is not one of the standard.</summary>
    public async Task<(Report? Report, string? Error)> ImportAsync(Stream csv, string ownerId, CancellationToken ct)
    {
        var (file, error) = await LieuxCsv.OpenAsync(csv, ct);
        if (file is null)
        {
            return (null, error);
        }
        await using var _ = file;

        var rejected = new List<Rejection>();
        var lineOfId = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<Row>(BatchSize);
        var counts = new Counts();
        await foreach (var line in file.ReadAsync(ct))
        {
            var errors = line.Errors.ToList();
            PlaceDetails? details = null;
            if (line.Input is not null)
            {
                (details, var broken) = rules.Validate(line.Input, Provenance.OpenData);
                errors.AddRange(broken.Select(e => $"{LieuxMediationNumerique.ColumnOf(e.Field)} : {e.Message}"));
            }
            if (line.Id is not null && !lineOfId.TryAdd(line.Id, line.Number))
            {
                errors.Add($"{LieuxMediationNumerique.Id} : « {line.Id} » est déjà l'identifiant de la ligne {lineOfId[line.Id]}.");
            }
            if (errors.Count > 0 || details is null)
            {
                rejected.Add(new Rejection(line.Number, errors));
                continue;
            }
            batch.Add(new Row(line.Id!, details, line.Fabrique, line.UpdatedOn ?? FrenchDate.Of(time.GetUtcNow())));
            if (batch.Count == BatchSize)
            {
                counts += await SaveAsync(batch, ownerId, ct);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            counts += await SaveAsync(batch, ownerId, ct);
        }
        return (new Report(counts.Created, counts.Updated, counts.Unchanged, rejected), null);
    }

    private Task<Counts> SaveAsync(IReadOnlyList<Row> rows, string ownerId, CancellationToken ct) => db.InTransactionAsync(async token =>
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ImportLock})", token);
        var ids = rows.Select(r => r.Id).ToArray();
        // Locked as an edit locks them: a concurrent PUT waits, then finds its ETag stale.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM places WHERE external_id = ANY({ids}) FOR UPDATE", token);
        var existing = await db.Places.Where(p => ids.Contains(p.ExternalId)).ToDictionaryAsync(p => p.ExternalId, token);

        var now = time.GetUtcNow();
        var counts = new Counts();
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.Id, out var place))
            {
                place = Place.Import(row.Id, row.Details, ownerId, now);
                place.DeclareFabrique(row.Fabrique, row.LabelledSince, now);
                db.Places.Add(place);
                db.Publish(PlaceEvents.Registered(place));
                counts += new Counts(1, 0, 0);
            }
            else
            {
                // The standard has no kinds, roles or territory: those the directory holds stay.
                var changed = place.Update(row.Details with { Kinds = place.Kinds, Roles = place.Roles, Territory = place.Territory }, now);
                changed |= place.DeclareFabrique(row.Fabrique, row.LabelledSince, now);
                if (changed)
                {
                    db.Publish(PlaceEvents.Updated(place));
                }
                counts += changed ? new Counts(0, 1, 0) : new Counts(0, 0, 1);
            }
        }
        await db.SaveChangesAsync(token);
        return counts;
    }, ct);
}
