using Fabriques.Directory.Domain;

namespace Fabriques.Directory.Tests;

/// <summary>CSV files of the national standard, written line by line as a producer would.</summary>
public static class OpenDataFiles
{
    public static readonly string SeedFile = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fabriques-region-sud.csv"));

    /// <summary>A header with every column of the standard, and lines for <paramref name="rows"/>.</summary>
    public static string Csv(char separator, params IReadOnlyDictionary<string, string>[] rows) =>
        string.Join("\n", [
            string.Join(separator, LieuxMediationNumerique.Columns),
            .. rows.Select(row => string.Join(separator, LieuxMediationNumerique.Columns.Select(c => Quote(row.GetValueOrDefault(c, ""), separator)))),
        ]) + "\n";

    /// <summary>A valid line: the required fields, with <paramref name="changes"/> on top.</summary>
    public static Dictionary<string, string> Line(string id, params (string Column, string Value)[] changes)
    {
        var row = new Dictionary<string, string>
        {
            ["id"] = id,
            ["pivot"] = "73282932000074",
            ["nom"] = $"Lieu {id}",
            ["commune"] = "Digne-les-Bains",
            ["code_postal"] = "04000",
            ["code_insee"] = "04070",
            ["adresse"] = "1 boulevard Victor Hugo",
            ["latitude"] = "44.0925",
            ["longitude"] = "6.2356",
            ["date_maj"] = "2024-04-02",
        };
        foreach (var (column, value) in changes)
        {
            row[column] = value;
        }
        return row;
    }

    private static string Quote(string value, char separator) =>
        value.IndexOfAny([separator, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
