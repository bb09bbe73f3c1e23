using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Features;

/// <summary>A place as the contract shows it.</summary>
public sealed record PlaceResponse(
    Guid Id,
    string Name,
    string? Description,
    string? Pivot,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Roles,
    Address Address,
    string DepartmentCode,
    string RegionCode,
    Location? Location,
    Territory? Territory,
    Contact Contact,
    IReadOnlyList<PlaceLabel> Labels,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt)
{
    public static PlaceResponse From(Place place) => new(
        place.Id, place.Name, place.Description, place.Pivot, place.Kinds, place.Roles, place.Address,
        place.DepartmentCode, place.RegionCode, place.Location, place.Territory, place.Contact,
        [.. place.Labels.OrderBy(l => l.Since).ThenBy(l => l.Label, StringComparer.Ordinal)], place.CreatedAt, place.UpdatedAt, place.ArchivedAt);
}
