using Fabriques.Contracts.Directory;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary><c>GET /stats</c>: how many places and Fabriques, by département, région, kind and territory (archived places left out).</summary>
public static class GetStats
{
    /// <summary><see cref="Fabriques"/> counts every labelled place; <see cref="FabriquesNumeriques"/> those of them with the digital label.</summary>
    public sealed record Stats(
        int Total,
        int Fabriques,
        int FabriquesNumeriques,
        IReadOnlyList<AreaCount> ByDepartment,
        IReadOnlyList<AreaCount> ByRegion,
        IReadOnlyDictionary<string, int> ByKind,
        IReadOnlyDictionary<string, int> ByTerritory);

    /// <summary>One département or région; every one of the referential is listed, with zeros.</summary>
    public sealed record AreaCount(string Code, string Name, int Places, int Fabriques, int FabriquesNumeriques);

    private sealed record Counts(int Places, int Fabriques, int FabriquesNumeriques)
    {
        public static readonly Counts Zero = new(0, 0, 0);

        public static Counts Sum(IEnumerable<Counts> counts) => counts.Aggregate(Zero,
            (sum, c) => new(sum.Places + c.Places, sum.Fabriques + c.Fabriques, sum.FabriquesNumeriques + c.FabriquesNumeriques));
    }

    public static RouteGroupBuilder MapGetStats(this RouteGroupBuilder group)
    {
        group.MapGet("/stats", HandleAsync)
            .AllowAnonymous()
            .WithName("GetStats")
            .WithSummary("Places and Fabriques by département, région, kind and territory")
            .WithDescription("fabriques counts every place labelled fabrique-de-territoire or fabrique-numerique-de-territoire; " +
                             "fabriquesNumeriques the latter only. Archived places are not counted.")
            .Produces<Stats>();
        return group;
    }

    private static async Task<IResult> HandleAsync(DirectoryDbContext db, Territories territories, CancellationToken ct)
    {
        var active = db.Places.AsNoTracking().Where(p => p.ArchivedAt == null);
        var byDepartment = (await active
                .GroupBy(p => p.DepartmentCode)
                .Select(g => new
                {
                    Code = g.Key,
                    Places = g.Count(),
                    Fabriques = g.Count(p => p.Labels.Any()),
                    Numeriques = g.Count(p => p.Labels.Any(l => l.Label == PlaceLabelled.FabriqueNumeriqueDeTerritoire)),
                })
                .ToListAsync(ct))
            .ToDictionary(d => d.Code, d => new Counts(d.Places, d.Fabriques, d.Numeriques));
        var byKind = await active.SelectMany(p => p.Kinds).GroupBy(k => k).Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(k => k.Kind, k => k.Count, ct);
        var byTerritory = await active.Where(p => p.Territory != null).GroupBy(p => p.Territory!.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() })
            .ToDictionaryAsync(t => t.Kind, t => t.Count, ct);

        var departments = territories.Departments.OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        var total = Counts.Sum(byDepartment.Values);
        return TypedResults.Ok(new Stats(
            total.Places,
            total.Fabriques,
            total.FabriquesNumeriques,
            [.. departments.Select(d => Area(d.Code, d.Name, byDepartment.GetValueOrDefault(d.Code, Counts.Zero)))],
            [.. territories.Regions.Select(r => Area(r.Code, r.Name, Counts.Sum(departments
                .Where(d => d.RegionCode == r.Code)
                .Select(d => byDepartment.GetValueOrDefault(d.Code, Counts.Zero)))))],
            Vocabulary.Kinds.ToDictionary(k => k, k => byKind.GetValueOrDefault(k)),
            Vocabulary.TerritoryKinds.ToDictionary(t => t, t => byTerritory.GetValueOrDefault(t))));
    }

    private static AreaCount Area(string code, string name, Counts counts) =>
        new(code, name, counts.Places, counts.Fabriques, counts.FabriquesNumeriques);
}
