using Fabriques.Contracts;
using Fabriques.Contracts.Directory;

namespace Fabriques.Directory.Domain;

/// <summary>A tiers-lieu of the national directory.</summary>
public sealed class Place
{
    private readonly List<PlaceLabel> _labels = [];

    private Place() { }

    public Guid Id { get; private set; }

    /// <summary>The place's <c>id</c> in the national open-data standard: its source's id when imported, else <see cref="Id"/>.</summary>
    public string ExternalId { get; private set; } = "";

    public string Name { get; private set; } = "";
    public string? Description { get; private set; }

    /// <summary>SIRET or RNA number; null when unknown (open data).</summary>
    public string? Pivot { get; private set; }

    public string[] Kinds { get; private set; } = [];
    public string[] Roles { get; private set; } = [];
    public Address Address { get; private set; } = null!;
    public string DepartmentCode { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    public Location? Location { get; private set; }
    public Territory? Territory { get; private set; }
    public Contact Contact { get; private set; } = Contact.None;
    public IReadOnlyList<PlaceLabel> Labels => _labels;

    /// <summary>Subject of whoever registered (or imported) the place.</summary>
    public string OwnerId { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When a gestionnaire archived it: kept, hidden from lists and exports.</summary>
    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>Row version (PostgreSQL <c>xmin</c>): the <c>ETag</c>.</summary>
    public uint Version { get; private set; }

    public bool IsArchived => ArchivedAt is not null;

    /// <summary>Why its content may not change now, or null while it is not archived.</summary>
    public Refusal? RefusalToEdit() => IsArchived ? PlaceRefusals.ArchivedPlace(Id) : null;

    public static Place Register(PlaceDetails details, string ownerId, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        return Import(id.ToString(), details, ownerId, now, id);
    }

    public static Place Import(string externalId, PlaceDetails details, string ownerId, DateTimeOffset now) =>
        Import(externalId, details, ownerId, now, Guid.CreateVersion7(now));

    private static Place Import(string externalId, PlaceDetails details, string ownerId, DateTimeOffset now, Guid id)
    {
        var place = new Place { Id = id, ExternalId = externalId, OwnerId = ownerId, CreatedAt = now };
        place.Apply(details, now);
        return place;
    }

    /// <summary>Replaces the editable fields; false (and nothing touched) when they are the same already.</summary>
    public bool Update(PlaceDetails details, DateTimeOffset now)
    {
        if (Matches(details))
        {
            return false;
        }
        Apply(details, now);
        return true;
    }

    public bool Archive(DateTimeOffset now)
    {
        if (IsArchived)
        {
            return false;
        }
        ArchivedAt = UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Adds the labels a grant gives: every Fabrique is a Fabrique de Territoire, and a digital one is also a Fabrique
    /// numérique de Territoire. Returns the labels added (none when the grant's labels are there already).
    /// </summary>
    public IReadOnlyList<PlaceLabel> AddLabels(Guid grantId, bool digital, DateOnly since, DateTimeOffset now)
    {
        string[] names = digital
            ? [PlaceLabelled.FabriqueDeTerritoire, PlaceLabelled.FabriqueNumeriqueDeTerritoire]
            : [PlaceLabelled.FabriqueDeTerritoire];
        var added = names
            .Where(name => !_labels.Any(l => l.GrantId == grantId && l.Label == name))
            .Select(name => new PlaceLabel(name, since, grantId))
            .ToList();
        if (added.Count > 0)
        {
            _labels.AddRange(added);
            UpdatedAt = now;
        }
        return added;
    }

    /// <summary>Removes the labels of a cancelled grant (those of other grants stay); returns the labels removed.</summary>
    public IReadOnlyList<PlaceLabel> RemoveLabels(Guid grantId, DateTimeOffset now)
    {
        var removed = _labels.Where(l => l.GrantId == grantId).ToList();
        if (removed.Count > 0)
        {
            _labels.RemoveAll(l => l.GrantId == grantId);
            UpdatedAt = now;
        }
        return removed;
    }

    /// <summary>
    /// What an open-data file says of the place: a Fabrique de Territoire (labelled before the platform, so by no grant
    /// of it) or not. Only that grant-less label follows the file; labels from grants stay. False when nothing changed.
    /// </summary>
    public bool DeclareFabrique(bool declared, DateOnly since, DateTimeOffset now)
    {
        var held = _labels.Find(l => l.GrantId is null && l.Label == PlaceLabelled.FabriqueDeTerritoire);
        if (declared == held is not null)
        {
            return false;
        }
        if (declared)
        {
            _labels.Add(new PlaceLabel(PlaceLabelled.FabriqueDeTerritoire, since, null));
        }
        else
        {
            _labels.Remove(held!);
        }
        UpdatedAt = now;
        return true;
    }

    private bool Matches(PlaceDetails d) =>
        Name == d.Name && Description == d.Description && Pivot == d.Pivot
        && Kinds.SequenceEqual(d.Kinds) && Roles.SequenceEqual(d.Roles)
        && Address == d.Address && DepartmentCode == d.Department.Code
        && Location == d.Location && Territory == d.Territory && Contact == d.Contact;

    private void Apply(PlaceDetails d, DateTimeOffset now)
    {
        Name = d.Name;
        Description = d.Description;
        Pivot = d.Pivot;
        Kinds = [.. d.Kinds];
        Roles = [.. d.Roles];
        Address = d.Address;
        DepartmentCode = d.Department.Code;
        RegionCode = d.Department.RegionCode;
        Location = d.Location;
        Territory = d.Territory;
        Contact = d.Contact;
        UpdatedAt = now;
    }
}
