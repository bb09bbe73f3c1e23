namespace Fabriques.Directory.Domain;

/// <summary>A tiers-lieu of the national directory.</summary>
public sealed class Place
{
    private Place() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string InseeCode { get; private set; } = "";
    public string DepartmentCode { get; private set; } = "";
    public string RegionCode { get; private set; } = "";
    /// <summary>Subject of the porteur who registered the place.</summary>
    public string OwnerId { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static Place Register(string name, string inseeCode, Department department, string ownerId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = name,
        InseeCode = inseeCode,
        DepartmentCode = department.Code,
        RegionCode = department.RegionCode,
        OwnerId = ownerId,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
