namespace Fabriques.Candidature.Domain;

/// <summary>
/// A place of the directory as this service knows it, from <c>PlaceRegistered</c>/<c>PlaceUpdated</c>: enough to
/// check that a candidature's place exists, who may apply with it, to filter candidatures by département and to scope
/// regional instructeurs.
/// </summary>
public sealed class KnownPlace
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string DepartmentCode { get; set; } = "";
    /// <summary>INSEE code of the place's région: a regional instructeur sees only candidatures of places in theirs.</summary>
    public string RegionCode { get; set; } = "";
    public string OwnerId { get; set; } = "";
    /// <summary>The SIRET or RNA number of the organisation that runs the place; null when the directory does not know it.</summary>
    public string? Pivot { get; set; }
    public bool Archived { get; set; }
    /// <summary>When the directory produced the state held here: an older event arriving late changes nothing.</summary>
    public DateTimeOffset AsOf { get; set; }
}
