using System.Globalization;
using System.Text.RegularExpressions;

namespace Fabriques.EndToEnd.Tests;

/// <summary>
/// The authorization matrix of <c>docs/security.md</c>, read from the markdown itself so the document and the test
/// that drives it cannot drift: one row per route, one expected status per identity.
/// </summary>
public sealed partial record AuthorizationMatrix(IReadOnlyList<string> Identities, IReadOnlyList<AuthorizationMatrix.Row> Rows)
{
    public const string Anonymous = "anonymous";
    public const string Owner = "porteur (owner)";
    public const string OtherPorteur = "porteur (other)";
    public const string Instructeur = "instructeur";
    public const string RegionalInstructeur = "instructeur (région)";
    public const string OtherRegionInstructeur = "instructeur (other région)";
    public const string Gestionnaire = "gestionnaire";
    public const string Partenaire = "partenaire";

    /// <summary>One route: <c>GET /api/directory/places/{place}</c>, and the status each identity must get.</summary>
    public sealed record Row(string Route, HttpMethod Method, string PathTemplate, IReadOnlyDictionary<string, int> Expected)
    {
        /// <summary>The route as an OpenAPI document names it: no query, every parameter <c>{}</c>, no trailing slash.</summary>
        public string Operation => Normalize(Method.Method, PathTemplate.Split('?')[0]);
    }

    public static string Normalize(string method, string path) =>
        $"{method.ToUpperInvariant()} {Placeholder().Replace(path, "{}").TrimEnd('/')}";

    public static AuthorizationMatrix Load()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "security.md");
        var lines = File.ReadAllLines(path);
        var header = Array.FindIndex(lines, l => l.StartsWith("| route |", StringComparison.Ordinal));
        if (header < 0)
        {
            throw new InvalidOperationException($"{path} has no table starting with \"| route |\".");
        }
        var identities = Cells(lines[header]).Skip(1).ToList();
        var rows = new List<Row>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            var route = cells[0].Trim('`');
            var space = route.IndexOf(' ', StringComparison.Ordinal);
            var expected = identities.Select((identity, i) => (identity, status: int.Parse(cells[i + 1], CultureInfo.InvariantCulture)))
                .ToDictionary(c => c.identity, c => c.status);
            rows.Add(new Row(route, new HttpMethod(route[..space]), route[(space + 1)..], expected));
        }
        return new AuthorizationMatrix(identities, rows);
    }

    /// <summary>The placeholders of a path template: <c>place</c>, <c>candidature:draft</c>...</summary>
    public static IEnumerable<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct();

    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values[m.Groups[1].Value]);

    private static List<string> Cells(string line) =>
        [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fabriques.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Fabriques.sln not found above the test output.");
    }

    [GeneratedRegex(@"\{([A-Za-z-]+(?::[a-z-]+)?)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
