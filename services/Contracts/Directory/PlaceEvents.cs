namespace Fabriques.Contracts.Directory;

/// <summary>A place's editable fields changed (or it was archived).</summary>
[EventType(EventTypes.Prefix + "place.updated")]
public sealed record PlaceUpdated : IntegrationEvent
{
    public required Guid PlaceId { get; init; }
    public required string Name { get; init; }
    public required string InseeCode { get; init; }
    public required string DepartmentCode { get; init; }
    public required string RegionCode { get; init; }
    public required string OwnerId { get; init; }
    /// <summary>SIRET or RNA number of the organisation that runs the place; null when unknown (open data).</summary>
    public string? Pivot { get; init; }
    public bool Archived { get; init; }

    protected override Guid Aggregate => PlaceId;
}

/// <summary>A place received (or lost, when <see cref="Removed"/>) a label of the programme.</summary>
[EventType(EventTypes.Prefix + "place.labelled")]
public sealed record PlaceLabelled : IntegrationEvent
{
    public const string FabriqueDeTerritoire = "fabrique-de-territoire";
    public const string FabriqueNumeriqueDeTerritoire = "fabrique-numerique-de-territoire";

    public required Guid PlaceId { get; init; }
    /// <summary><c>fabrique-de-territoire</c> or <c>fabrique-numerique-de-territoire</c>.</summary>
    public required string Label { get; init; }
    public required DateOnly Since { get; init; }
    public required Guid GrantId { get; init; }
    public bool Removed { get; init; }

    protected override Guid Aggregate => PlaceId;
}
