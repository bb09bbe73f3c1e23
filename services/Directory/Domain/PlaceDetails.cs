namespace Fabriques.Directory.Domain;

/// <summary>Where a place is. <see cref="InseeCode"/> may be unknown for open data, never for a place registered by a porteur.</summary>
public sealed record Address(string Street, string? Complement, string PostalCode, string? InseeCode, string Commune);

/// <summary>WGS 84 coordinates, on Earth.</summary>
public sealed record Location(double Latitude, double Longitude);

/// <summary>The territory a place serves; a QPV is named by its code.</summary>
public sealed record Territory(string Kind, string? QpvCode)
{
    public const string Qpv = "qpv";
}

public sealed record Contact(string? Email, string? Phone, string? Website)
{
    public static readonly Contact None = new(null, null, null);
}

/// <summary>
/// A programme label, held for as long as the grant that gave it is not cancelled; <see cref="GrantId"/> is null for a
/// label an open-data import declared (a Fabrique labelled before the platform existed).
/// </summary>
public sealed record PlaceLabel(string Label, DateOnly Since, Guid? GrantId);

/// <summary>Every editable field of a place, validated (see <see cref="PlaceRules"/>); the département comes from the address.</summary>
public sealed record PlaceDetails(
    string Name,
    string? Description,
    string? Pivot,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Roles,
    Address Address,
    Department Department,
    Location? Location,
    Territory? Territory,
    Contact Contact);
