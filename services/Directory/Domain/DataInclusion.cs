using Fabriques.Contracts.Directory;

namespace Fabriques.Directory.Domain;

/// <summary>
/// A place as a data·inclusion v1 <c>structure</c> (gip-inclusion/data-inclusion-schema), the national register of the
/// social-inclusion offer. Properties are written in snake_case.
/// </summary>
public sealed record DataInclusionStructure(
    string Id,
    string Source,
    string Nom,
    DateOnly DateMaj,
    string? Siret,
    string? Commune,
    string? CodePostal,
    string? CodeInsee,
    string? Adresse,
    string? ComplementAdresse,
    double? Latitude,
    double? Longitude,
    string? Telephone,
    string? Courriel,
    string? SiteWeb,
    string? Description,
    IReadOnlyList<string>? ReseauxPorteurs)
{
    /// <summary>The producer's identifier in data·inclusion.</summary>
    public const string Producer = "fabriques-de-territoire";

    private const int NomMaxLength = 150;
    private const int DescriptionMinLength = 5;

    public static DataInclusionStructure From(Place place) => new(
        $"{Producer}--{place.ExternalId}",
        Producer,
        SpreadsheetText.Neutralise(place.Name.Length > NomMaxLength ? place.Name[..NomMaxLength] : place.Name),
        FrenchDate.Of(place.UpdatedAt),
        place.Pivot is { Length: 14 } siret ? siret : null, // an RNA number has no field in v1
        Text(place.Address.Commune),
        place.Address.PostalCode,
        place.Address.InseeCode,
        Text(place.Address.Street),
        Text(place.Address.Complement),
        place.Location?.Latitude,
        place.Location?.Longitude,
        Text(place.Contact.Phone),
        Text(place.Contact.Email),
        Text(place.Contact.Website),
        place.Description is { Length: >= DescriptionMinLength } description ? SpreadsheetText.Neutralise(description) : null,
        ReseauxPorteursOf(place));

    /// <summary>Free text, as data·inclusion's consumers will open it in a spreadsheet too.</summary>
    private static string? Text(string? value) => value is null ? null : SpreadsheetText.Neutralise(value);

    /// <summary>The networks of the schema's list that the directory knows a place belongs to.</summary>
    private static IReadOnlyList<string>? ReseauxPorteursOf(Place place)
    {
        var networks = new List<string>();
        if (place.Labels.Any(l => l.Label is PlaceLabelled.FabriqueDeTerritoire or PlaceLabelled.FabriqueNumeriqueDeTerritoire))
        {
            networks.Add("fabrique-de-territoire");
        }
        if (place.Kinds.Contains("france-services"))
        {
            networks.Add("france-service");
        }
        if (place.Kinds.Contains("campus-connecte"))
        {
            networks.Add("campus-connecte");
        }
        return networks.Count > 0 ? networks : null;
    }
}
