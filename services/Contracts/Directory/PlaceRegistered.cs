namespace Fabriques.Contracts.Directory;

/// <summary>A tiers-lieu was registered in the national directory.</summary>
[EventType(EventTypes.Prefix + "place.registered")]
public sealed record PlaceRegistered : IntegrationEvent
{
    public required Guid PlaceId { get; init; }
    public required string Name { get; init; }
    /// <summary>INSEE code of the commune (e.g. <c>13055</c>, <c>2A004</c>, <c>97411</c>).</summary>
    public required string InseeCode { get; init; }
    public required string DepartmentCode { get; init; }
    public required string RegionCode { get; init; }
    /// <summary>Subject (<c>sub</c>) of the porteur who registered it.</summary>
    public required string OwnerId { get; init; }
    /// <summary>SIRET or RNA number of the organisation that runs the place; null when unknown (open data).</summary>
    public string? Pivot { get; init; }

    protected override Guid Aggregate => PlaceId;
}
