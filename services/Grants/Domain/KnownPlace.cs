namespace Fabriques.Grants.Domain;

/// <summary>
/// A place of the directory as this service knows it, from <c>PlaceRegistered</c>/<c>PlaceUpdated</c>: enough for an
/// import of historical grants to name a place by its id or by its organisation's SIRET/RNA, and to know its
/// département and owner.
/// </summary>
public sealed class KnownPlace
{
    public Guid Id { get; set; }
    public string? Pivot { get; set; }
    public string DepartmentCode { get; set; } = "";
    public string OwnerId { get; set; } = "";
    /// <summary>When the directory produced the state held here: an older event arriving late changes nothing.</summary>
    public DateTimeOffset AsOf { get; set; }
}
