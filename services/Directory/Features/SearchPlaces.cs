using System.Globalization;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary><c>GET /places</c>: anyone searches the directory (archived places left out); every filter runs in PostgreSQL.</summary>
public static class SearchPlaces
{
    public const double DefaultRadiusKm = 10;
    public const double MaxRadiusKm = 1_000;
    private const int MaxQueryLength = 200;

    public sealed record Query(
        string? Department, string? Region, string? Kind, string? Label, string? Territory, string? Q, string? Near, double? RadiusKm,
        int? Page, int? PageSize);

    public static RouteGroupBuilder MapSearchPlaces(this RouteGroupBuilder group)
    {
        group.MapGet("/places", HandleAsync)
            .AllowAnonymous()
            .WithName("SearchPlaces")
            .WithSummary("Search places: département, région, kind, label, territory, text, radius; paged")
            .WithDescription("q ignores accents and case, in name, commune and description; every word must appear. " +
                             "near=lat,lon with radiusKm (default 10, at most 1000) keeps located places within that distance, nearest first; " +
                             "otherwise places come by name.")
            .Produces<Paged<PlaceResponse>>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        [AsParameters] Query query, DirectoryDbContext db, Territories territories, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.From(query.Page, query.PageSize, errors);
        var department = query.Department?.Trim().ToUpperInvariant();
        errors.AddIf(department is not null && !territories.TryGetDepartment(department, out _), "department",
            $"Le département « {query.Department} » n'existe pas : un code comme 04, 2A ou 974.");
        var region = query.Region?.Trim();
        errors.AddIf(region is not null && !territories.IsRegion(region), "region",
            $"La région « {query.Region} » n'existe pas : un code INSEE de région comme 93 ou 04.");
        CheckTerm(query.Kind, Vocabulary.Kinds, "kind", "type de lieu", errors);
        CheckTerm(query.Label, Vocabulary.Labels, "label", "label", errors);
        CheckTerm(query.Territory, Vocabulary.TerritoryKinds, "territory", "type de territoire", errors);
        var words = (query.Q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        errors.AddIf(query.Q is { Length: > MaxQueryLength }, "q", $"La recherche fait au plus {MaxQueryLength} caractères.");
        errors.AddIf(query.Q?.Contains('\0', StringComparison.Ordinal) == true, "q", "Le caractère nul (U+0000) n'est pas accepté.");
        var near = ParseNear(query.Near, errors);
        var radiusKm = query.RadiusKm ?? DefaultRadiusKm;
        errors.AddIf(query.RadiusKm is not null && query.Near is null, "radiusKm", "Le rayon s'utilise avec near=latitude,longitude.");
        errors.AddIf(radiusKm is not (> 0 and <= MaxRadiusKm), "radiusKm", $"Le rayon est compris entre 0 et {MaxRadiusKm} km.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var places = db.Places.AsNoTracking().Where(p => p.ArchivedAt == null);
        if (department is not null)
        {
            places = places.Where(p => p.DepartmentCode == department);
        }
        if (region is not null)
        {
            places = places.Where(p => p.RegionCode == region);
        }
        if (query.Kind is { } kind)
        {
            places = places.Where(p => p.Kinds.Contains(kind));
        }
        if (query.Label is { } label)
        {
            places = places.Where(p => p.Labels.Any(l => l.Label == label));
        }
        if (query.Territory is { } territory)
        {
            places = places.Where(p => p.Territory != null && p.Territory.Kind == territory);
        }
        foreach (var word in words)
        {
            // A trigram index answers LIKE '%word%' on the normalised text.
            var pattern = "%" + EscapeLike(word) + "%";
            places = places.Where(p => EF.Functions.Like(
                EF.Property<string>(p, DirectoryDbContext.SearchText), DirectoryDbContext.SearchNormalize(pattern), "\\"));
        }
        IOrderedQueryable<Place> ordered;
        if (near is { } point)
        {
            places = places.Where(Geo.Within(point.Latitude, point.Longitude, radiusKm));
            ordered = places.OrderBy(Geo.DistanceKmFrom(point.Latitude, point.Longitude)).ThenBy(p => p.Id);
        }
        else
        {
            ordered = places.OrderBy(p => p.Name).ThenBy(p => p.Id);
        }

        var total = await places.LongCountAsync(ct);
        var items = await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return TypedResults.Ok(page.Of(items.Select(PlaceResponse.From).ToList(), total));
    }

    private static void CheckTerm(string? value, IReadOnlyList<string> vocabulary, string field, string what, ValidationErrors errors) =>
        errors.AddIf(value is not null && !vocabulary.Contains(value), field,
            $"« {value} » n'est pas un {what} : {Vocabulary.Describe(vocabulary)}.");

    private static Location? ParseNear(string? near, ValidationErrors errors)
    {
        if (near is null)
        {
            return null;
        }
        var parts = near.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            && double.IsFinite(latitude) && double.IsFinite(longitude)
            && Math.Abs(latitude) <= 90 && Math.Abs(longitude) <= 180)
        {
            return new Location(latitude, longitude);
        }
        errors.Add("near", $"« {near} » n'est pas un point : latitude,longitude en degrés décimaux, par exemple 43.2965,5.3698.");
        return null;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
