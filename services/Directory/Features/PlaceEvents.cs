using Fabriques.Contracts.Directory;
using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Features;

/// <summary>The events a place raises, with what subscribers need to know about it.</summary>
public static class PlaceEvents
{
    public static PlaceRegistered Registered(Place place) => new()
    {
        PlaceId = place.Id,
        OccurredAt = place.UpdatedAt,
        Name = place.Name,
        // Empty when unknown (open data without a code), as the event's field is not optional.
        InseeCode = place.Address.InseeCode ?? "",
        DepartmentCode = place.DepartmentCode,
        RegionCode = place.RegionCode,
        OwnerId = place.OwnerId,
        Pivot = place.Pivot,
    };

    public static PlaceUpdated Updated(Place place) => new()
    {
        PlaceId = place.Id,
        OccurredAt = place.UpdatedAt,
        Name = place.Name,
        InseeCode = place.Address.InseeCode ?? "",
        DepartmentCode = place.DepartmentCode,
        RegionCode = place.RegionCode,
        OwnerId = place.OwnerId,
        Pivot = place.Pivot,
        Archived = place.IsArchived,
    };
}
