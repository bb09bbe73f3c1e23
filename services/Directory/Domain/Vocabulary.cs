using Fabriques.Contracts.Directory;

namespace Fabriques.Directory.Domain;

/// <summary>The closed lists of the contract, as their kebab-case values.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> Kinds =
    [
        "coworking", "micro-folie", "campus-connecte", "atelier-partage", "fablab", "garage-solidaire",
        "social-place", "makerspace", "friche-culturelle", "france-services", "other",
    ];

    public static readonly IReadOnlyList<string> Roles = ["resources", "training", "digital-inclusion"];

    public static readonly IReadOnlyList<string> TerritoryKinds = [Territory.Qpv, "rural", "periurban", "urban"];

    public static readonly IReadOnlyList<string> Labels = [PlaceLabelled.FabriqueDeTerritoire, PlaceLabelled.FabriqueNumeriqueDeTerritoire];

    /// <summary>"a, b ou c", to tell a caller what is accepted.</summary>
    public static string Describe(IReadOnlyList<string> values) => string.Join(", ", values.SkipLast(1)) + " ou " + values[^1];
}
