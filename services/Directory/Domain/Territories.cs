using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fabriques.Directory.Domain;

/// <summary>Départements (2A/2B and overseas included) and their régions, read once from the embedded referentials.</summary>
public sealed class Territories
{
    private readonly FrozenDictionary<string, Department> _departments;

    public Territories()
    {
        var regions = Read<RegionRecord[]>("regions.json");
        var regionOf = regions.SelectMany(r => r.Departements.Select(d => (Department: d, Region: r))).ToDictionary(p => p.Department, p => p.Region);
        _departments = Read<DepartmentRecord[]>("departements.json")
            .Where(d => regionOf.ContainsKey(d.Code))
            .ToFrozenDictionary(d => d.Code, d => new Department(d.Code, d.Nom, regionOf[d.Code].Code, regionOf[d.Code].Nom));
        Regions = regions.Select(r => new Region(r.Code, r.Nom)).OrderBy(r => r.Code, StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<Region> Regions { get; }

    public IEnumerable<Department> Departments => _departments.Values;

    public bool TryGetDepartment(string code, out Department department) => _departments.TryGetValue(code, out department!);

    public bool IsRegion(string code) => Regions.Any(r => r.Code == code);

    private static T Read<T>(string resource)
    {
        using var stream = typeof(Territories).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded referential {resource} is missing.");
        return JsonSerializer.Deserialize<T>(stream, JsonSerializerOptions.Web) ?? throw new InvalidOperationException($"{resource} is empty.");
    }

    private sealed record DepartmentRecord(string Code, string Nom);

    private sealed record RegionRecord(string Code, string Nom, [property: JsonPropertyName("departements")] string[] Departements);
}

public sealed record Department(string Code, string Name, string RegionCode, string RegionName);

public sealed record Region(string Code, string Name);
