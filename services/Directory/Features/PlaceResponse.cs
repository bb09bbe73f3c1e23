using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Features;

/// <summary>A place as the contract shows it.</summary>
public sealed record PlaceResponse(
    Guid Id, string Name, string InseeCode, string DepartmentCode, string RegionCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PlaceResponse From(Place place) => new(
        place.Id, place.Name, place.InseeCode, place.DepartmentCode, place.RegionCode, place.CreatedAt, place.UpdatedAt);
}
