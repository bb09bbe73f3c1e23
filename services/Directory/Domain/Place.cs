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

    /// <summary>Adds the label a grant gives; false when that grant's label is already there.</summary>
    public bool AddLabel(PlaceLabel label, DateTimeOffset now)
    {
        if (_labels.Any(l => l.GrantId == label.GrantId))
        {
            return false;
        }
        _labels.Add(label);
        UpdatedAt = now;
        return true;
    }

    /// <summary>Removes the label of a cancelled grant; null when the place has none from it.</summary>
    public PlaceLabel? RemoveLabel(Guid grantId, DateTimeOffset now)
    {
        var label = _labels.SingleOrDefault(l => l.GrantId == grantId);
        if (label is not null)
        {
            _labels.Remove(label);
            UpdatedAt = now;
        }
        return label;
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
