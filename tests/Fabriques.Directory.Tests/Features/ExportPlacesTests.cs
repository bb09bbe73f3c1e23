using System.Net;
using System.Text.Json;
using CsvHelper;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;
using static Fabriques.Directory.Tests.OpenDataFiles;

namespace Fabriques.Directory.Tests.Features;

public sealed class ExportPlacesTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private readonly HttpClient _gestionnaire = host.CreateClient("anct-export", Roles.Gestionnaire);

    private async Task<string> ExportCsvAsync()
    {
        using var response = await host.CreateClient().GetAsync($"{Places}/export?format=csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The export as an independent reader sees it: one dictionary per line, by column.</summary>
    private static List<Dictionary<string, string>> Lines(string csv)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',' });
        var lines = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            lines.Add(reader.Headers.Select((h, i) => (h, i)).ToDictionary(c => c.h, c => reader.GetString(c.i)));
        }
        return lines;
    }

    [Fact]
    public async Task The_CSV_export_follows_the_standard_and_importing_it_changes_nothing()
    {
        using var porteur = host.CreateClient("porteur-export", Roles.Porteur);
        var registered = await porteur.RegisterAsync(FullPlace($"Export {UniqueWord()}", description: "Sur deux lignes,\navec « guillemets » et \"autres\"."));
        await _gestionnaire.ImportAsync(SeedFile);
        var archived = await porteur.RegisterAsync(MinimalPlace("Archivé"));
        using (await _gestionnaire.DeleteAsync($"{Places}/{archived.Id()}", TestContext.Current.CancellationToken)) { }

        var csv = await ExportCsvAsync();
        var report = await _gestionnaire.ImportAsync(csv);

        var lines = Lines(csv);
        Assert.Equal(Fabriques.Directory.Domain.LieuxMediationNumerique.Columns, lines[0].Keys);
        Assert.Equal(16, lines.Count(l => l["id"].StartsWith("regionsud-fabrique-", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l["id"] == archived.Id().ToString());
        var exported = lines.Single(l => l["id"] == registered.Id().ToString());
        Assert.Equal(("73282932000074", "13001", "13055", "+33491000000"), (exported["pivot"], exported["code_postal"], exported["code_insee"], exported["telephone"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", exported["date_maj"]);
        Assert.Equal("00000000000000", lines.Single(l => l["id"] == "regionsud-fabrique-15")["pivot"]);
        Assert.Equal((0, 0, lines.Count), (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32()));
        Assert.Empty(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(csv, await ExportCsvAsync());
    }

    [Fact]
    public async Task A_cell_a_spreadsheet_would_run_is_exported_as_text_and_imported_back_as_it_was()
    {
        const string name = "=HYPERLINK(\"https://piege.example\",\"Cliquez ici\")";
        const string description = "@SUM(1+1)*cmd|' /C calc'!A0";
        using var porteur = host.CreateClient("porteur-formula", Roles.Porteur);
        var registered = await porteur.RegisterAsync(FullPlace(name, description: description));

        var csv = await ExportCsvAsync();
        var structures = await host.CreateClient().GetJsonAsync($"{Places}/export?format=data-inclusion");
        var report = await _gestionnaire.ImportAsync(csv);

        var exported = Lines(csv).Single(l => l["id"] == registered.Id().ToString());
        Assert.Equal(("'" + name, "'" + description), (exported["nom"], exported["presentation_detail"]));
        var structure = structures.EnumerateArray().Single(s => s.GetProperty("id").GetString() == $"fabriques-de-territoire--{registered.Id()}");
        Assert.Equal(("'" + name, "'" + description), (structure.GetProperty("nom").GetString(), structure.GetProperty("description").GetString()));
        Assert.Equal(0, report.GetProperty("updated").GetInt32());
        var stored = await host.CreateClient().GetJsonAsync($"{Places}/{registered.Id()}");
        Assert.Equal((name, description), (stored.GetProperty("name").GetString(), stored.GetProperty("description").GetString()));
    }

    [Fact]
    public async Task The_data_inclusion_export_is_an_array_of_structures()
    {
        using var porteur = host.CreateClient("porteur-export", Roles.Porteur);
        var registered = await porteur.RegisterAsync(FullPlace($"Structure {UniqueWord()}", kinds: ["france-services"]));

        var structures = await host.CreateClient().GetJsonAsync($"{Places}/export?format=data-inclusion");

        Assert.Equal(JsonValueKind.Array, structures.ValueKind);
        var structure = structures.EnumerateArray().Single(s => s.GetProperty("id").GetString() == $"fabriques-de-territoire--{registered.Id()}");
        Assert.Equal("fabriques-de-territoire", structure.GetProperty("source").GetString());
        Assert.Equal(registered.GetProperty("name").GetString(), structure.GetProperty("nom").GetString());
        Assert.Equal(Siret, structure.GetProperty("siret").GetString());
        Assert.Equal(("13001", "13055"), (structure.GetProperty("code_postal").GetString(), structure.GetProperty("code_insee").GetString()));
        Assert.Equal("contact@exemple.fr", structure.GetProperty("courriel").GetString());
        Assert.Equal(["france-service"], structure.GetProperty("reseaux_porteurs").EnumerateArray().Select(r => r.GetString()));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", structure.GetProperty("date_maj").GetString()!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?format=xlsx")]
    public async Task An_unknown_format_is_a_400(string query)
    {
        using var response = await host.CreateClient().GetAsync($"{Places}/export{query}", TestContext.Current.CancellationToken);

        Assert.Equal(["format"], (await ValidationProblemAsync(response)).ErrorFields());
    }
}
