extern alias directory;

using System.Globalization;
using System.Text;
using System.Text.Json;
using directory::Fabriques.Directory.Domain;

namespace Fabriques.Bench.DirectorySearch;

/// <summary>
/// Places spread over every département, around its centre (about 25 km apart at one standard deviation), with
/// names and descriptions built from the words tiers-lieux use, written as a CSV of the national standard.
/// </summary>
public static class PlaceGenerator
{
    public static readonly string[] Themes = ["numérique", "solidaire", "partagé", "créatif", "des possibles", "citoyen", "rural", "culturel"];
    private static readonly string[] Kinds = ["La Fabrique", "Tiers-lieu", "Le Hangar", "Atelier", "La Ruche", "Le Labo", "Maison", "Friche", "Café", "Espace"];
    private static readonly string[] Activities = ["fablab", "coworking", "repair café", "ressourcerie", "médiation numérique", "micro-folie", "jardin partagé"];

    public sealed record Department(string Code, string Nom, Centre Localisation);

    public sealed record Centre(double Latitude, double Longitude);

    public static IReadOnlyList<Department> Departments()
    {
        using var stream = typeof(Territories).Assembly.GetManifestResourceStream("departements.json")!;
        return JsonSerializer.Deserialize<Department[]>(stream, JsonSerializerOptions.Web)!;
    }

    public static async Task WriteCsvAsync(string path, int count, int seed = 2026)
    {
        var random = new Random(seed);
        var departments = Departments();
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(string.Join(',', LieuxMediationNumerique.Columns));
        for (var i = 0; i < count; i++)
        {
            var department = departments[random.Next(departments.Count)];
            var values = new Dictionary<string, string>
            {
                ["id"] = $"bench-{i:D6}",
                ["pivot"] = "00000000000000",
                ["nom"] = $"{Pick(random, Kinds)} {Pick(random, Themes)} {i}",
                ["commune"] = $"Commune {department.Nom} {random.Next(1, 300)}",
                ["code_postal"] = Code(department.Code, random, postal: true),
                ["code_insee"] = Code(department.Code, random, postal: false),
                ["adresse"] = $"{random.Next(1, 200)} rue de la République",
                ["latitude"] = (department.Localisation.Latitude + Gaussian(random) * 0.22).ToString("F6", CultureInfo.InvariantCulture),
                ["longitude"] = (department.Localisation.Longitude + Gaussian(random) * 0.3).ToString("F6", CultureInfo.InvariantCulture),
                ["presentation_detail"] = $"Un lieu ouvert à tous : {Pick(random, Activities)}, {Pick(random, Activities)} et ateliers {Pick(random, Themes)}.",
                ["date_maj"] = "2026-01-01",
            };
            await writer.WriteLineAsync(string.Join(',', LieuxMediationNumerique.Columns.Select(c => Quote(values.GetValueOrDefault(c, "")))));
        }
    }

    /// <summary>Codes of the département: INSEE 13055 / 2A004 / 97411, postal 13001 / 20000 / 97400.</summary>
    private static string Code(string department, Random random, bool postal) => department switch
    {
        "2A" or "2B" when postal => department == "2A" ? $"20{random.Next(0, 200):D3}" : $"20{random.Next(200, 700):D3}",
        { Length: 3 } => department + random.Next(0, 100).ToString("D2", CultureInfo.InvariantCulture),
        _ => department + random.Next(1, 1000).ToString("D3", CultureInfo.InvariantCulture),
    };

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
