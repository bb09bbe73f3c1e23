using System.Security.Claims;
using Fabriques.Directory.Domain;
using AuthRoles = Fabriques.ServiceDefaults.Authentication.Roles;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Directory.Features;

/// <summary>The editable fields of a place, as <c>POST</c> and <c>PUT /places</c> receive them.</summary>
public sealed record PlaceRequest(
    string? Name,
    string? Description,
    string? Pivot,
    string?[]? Kinds,
    string?[]? Roles,
    PlaceRequest.AddressPart? Address,
    PlaceRequest.LocationPart? Location,
    PlaceRequest.TerritoryPart? Territory,
    PlaceRequest.ContactPart? Contact)
{
    public sealed record AddressPart(string? Street, string? Complement, string? PostalCode, string? InseeCode, string? Commune);

    public sealed record LocationPart(double? Latitude, double? Longitude);

    public sealed record TerritoryPart(string? Kind, string? QpvCode);

    public sealed record ContactPart(string? Email, string? Phone, string? Website);

    /// <summary>The body the OpenAPI document shows.</summary>
    public static PlaceRequest Example { get; } = new(
        "La Ruche de Malijai", "Tiers-lieu ressource de la vallée de la Durance : fablab, coworking, médiation numérique.",
        "73282932000074", ["coworking", "fablab"], ["resources", "digital-inclusion"],
        new AddressPart("2 lotissement les micocouliers", "Bâtiment B", "04350", "04111", "Malijai"),
        new LocationPart(44.0461, 6.0317), new TerritoryPart("rural", null),
        new ContactPart("contact@laruche-malijai.fr", "04 92 34 56 78", "https://laruche-malijai.fr"));

    /// <summary>The validated details, or null and the 400 that names every broken rule.</summary>
    public PlaceDetails? Validate(PlaceRules rules, ClaimsPrincipal user, out IResult? problem)
    {
        // A gestionnaire curates open data, where the pivot or the INSEE code may be unknown; a porteur knows both.
        var provenance = user.IsInRole(AuthRoles.Gestionnaire) ? Provenance.OpenData : Provenance.Porteur;
        var (details, errors) = rules.Validate(ToInput(), provenance);
        problem = null;
        if (details is null)
        {
            var validation = new ValidationErrors();
            foreach (var error in errors)
            {
                validation.Add(FieldName(error.Field), error.Message);
            }
            problem = validation.ToProblem();
        }
        return details;
    }

    private PlaceInput ToInput() => new()
    {
        Name = Name,
        Description = Description,
        Pivot = Pivot,
        Kinds = Kinds,
        Roles = Roles,
        Street = Address?.Street,
        Complement = Address?.Complement,
        PostalCode = Address?.PostalCode,
        InseeCode = Address?.InseeCode,
        Commune = Address?.Commune,
        Latitude = Location?.Latitude,
        Longitude = Location?.Longitude,
        TerritoryKind = Territory?.Kind,
        QpvCode = Territory?.QpvCode,
        Email = Contact?.Email,
        Phone = Contact?.Phone,
        Website = Contact?.Website,
    };

    private static string FieldName(PlaceField field) => field switch
    {
        PlaceField.Name => "name",
        PlaceField.Description => "description",
        PlaceField.Pivot => "pivot",
        PlaceField.Kinds => "kinds",
        PlaceField.Roles => "roles",
        PlaceField.Street => "address.street",
        PlaceField.Complement => "address.complement",
        PlaceField.PostalCode => "address.postalCode",
        PlaceField.InseeCode => "address.inseeCode",
        PlaceField.Commune => "address.commune",
        PlaceField.Latitude => "location.latitude",
        PlaceField.Longitude => "location.longitude",
        PlaceField.TerritoryKind => "territory.kind",
        PlaceField.QpvCode => "territory.qpvCode",
        PlaceField.Email => "contact.email",
        PlaceField.Phone => "contact.phone",
        PlaceField.Website => "contact.website",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
