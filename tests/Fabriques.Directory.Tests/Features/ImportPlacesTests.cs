using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using static Fabriques.Directory.Tests.DirectoryApi;
using static Fabriques.Directory.Tests.OpenDataFiles;

namespace Fabriques.Directory.Tests.Features;

public sealed class ImportPlacesTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private readonly HttpClient _gestionnaire = host.CreateClient("anct-import", Roles.Gestionnaire);

    private static (int Created, int Updated, int Unchanged, int Rejected) Counts(JsonElement report) => (
        report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(),
        report.GetProperty("unchanged").GetInt32(), report.GetProperty("rejected").GetArrayLength());

    private async Task<JsonElement> FindAsync(string word) =>
        (await _gestionnaire.GetJsonAsync($"{Places}?q={word}")).GetProperty("items");

    [Fact]
    public async Task The_real_Region_Sud_file_imports_every_place_and_again_changes_nothing()
    {
        await using var probe = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri);
        var file = SeedFile.Replace("regionsud-fabrique-", $"{UniqueWord()}-", StringComparison.Ordinal);

        var first = await _gestionnaire.ImportAsync(file);
        var second = await _gestionnaire.ImportAsync(file);

        Assert.Equal((16, 0, 0, 0), Counts(first));
        Assert.Equal((0, 0, 16, 0), Counts(second));
        var fruitiere = (await FindAsync("fruitiere+lourmarin"))[0];
        Assert.Equal(("84160", "84", "93"), (fruitiere.GetProperty("address").GetProperty("postalCode").GetString(),
            fruitiere.GetProperty("departmentCode").GetString(), fruitiere.GetProperty("regionCode").GetString()));
        Assert.Equal(JsonValueKind.Null, fruitiere.GetProperty("pivot").ValueKind);
        Assert.Equal(JsonValueKind.Null, fruitiere.GetProperty("address").GetProperty("inseeCode").ValueKind);
        // "Fabriques de Territoire" in dispositif_programmes_nationaux: a Fabrique since the inventory, by no grant of ours.
        var label = Assert.Single(fruitiere.GetProperty("labels").EnumerateArray());
        Assert.Equal(("fabrique-de-territoire", "2022-01-01", JsonValueKind.Null),
            (label.GetProperty("label").GetString(), label.GetProperty("since").GetString(), label.GetProperty("grantId").ValueKind));
        await Eventually.SucceedsAsync(() => Task.FromResult(probe.Received.Count(e => e.Message.OwnerId == "anct-import") >= 16),
            TimeSpan.FromSeconds(30), "every imported place was not announced");
    }

    [Theory]
    [InlineData(',', false)]
    [InlineData(';', false)]
    [InlineData(';', true)]
    [InlineData(',', true)]
    public async Task Comma_or_semicolon_with_or_without_BOM(char separator, bool byteOrderMark)
    {
        var word = UniqueWord();
        var csv = Csv(separator,
            Line($"{word}-1", ("nom", $"Café; numérique, {word}"), ("presentation_detail", "Sur deux\nlignes, avec des \"guillemets\".")),
            Line($"{word}-2", ("nom", $"Deuxième {word}")));

        var report = await _gestionnaire.ImportAsync(csv, byteOrderMark);

        Assert.Equal((2, 0, 0, 0), Counts(report));
        var cafe = (await FindAsync($"cafe+{word}"))[0];
        Assert.Equal($"Café; numérique, {word}", cafe.GetProperty("name").GetString());
        Assert.Equal("Sur deux\nlignes, avec des \"guillemets\".", cafe.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Bad_lines_are_rejected_with_their_number_and_reasons_and_never_stop_the_good_ones()
    {
        var word = UniqueWord();
        var csv = Csv(',',
            Line($"{word}-ok-1"),
            Line($"{word}-bad-1", ("code_insee", "20004"), ("latitude", "nord"), ("courriels", "pas-un-email")),
            Line($"{word}-ok-2", ("code_postal", "4000"), ("pivot", ""), ("courriels", "a@b.fr|c@d.fr")),
            Line($"{word}-ok-1", ("nom", "Doublon")),
            Line("", ("nom", "")),
            Line($"{word}-bad-2", ("pivot", "12345678901234"), ("code_postal", "98000"), ("code_insee", "")),
            Line($"{word}-ok-3"));

        var report = await _gestionnaire.ImportAsync(csv);

        Assert.Equal((3, 0, 0, 4), Counts(report));
        var rejected = report.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("line").GetInt32(), r => r.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal([3, 5, 6, 7], rejected.Keys.Order());
        Assert.Equal(["code_insee", "courriels", "latitude"], Columns(rejected[3]));
        Assert.Equal(["id"], Columns(rejected[5]));
        Assert.Contains("ligne 2", rejected[5][0], StringComparison.Ordinal);
        Assert.Equal(["id", "nom"], Columns(rejected[6]));
        Assert.Equal(["code_postal", "pivot"], Columns(rejected[7]));
        var restored = (await FindAsync($"{word}-ok-2"))[0];
        Assert.Equal("04000", restored.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.Equal("a@b.fr", restored.GetProperty("contact").GetProperty("email").GetString());
    }

    private static string[] Columns(IEnumerable<string> errors) => [.. errors.Select(e => e.Split(" :")[0]).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Lines_with_broken_quotes_or_a_wrong_number_of_columns_are_rejected_and_the_rest_imported()
    {
        var word = UniqueWord();
        var good = Csv(',', Line($"{word}-1"), Line($"{word}-2")).Split('\n');
        var csv = string.Join('\n', good[0], good[1], $"{word}-3,trop,peu,de,colonnes", $"{word}-4,\"73282932000074\"x,Lieu,Digne,04000,04070,rue,,,,,,,,,,,,,,2024-01-01,,,,,,,,,,,", good[2]);

        var report = await _gestionnaire.ImportAsync(csv);

        Assert.Equal(2, report.GetProperty("created").GetInt32());
        Assert.Equal([3, 4], report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
    }

    [Fact]
    public async Task The_file_says_which_places_are_Fabriques_de_Territoire_and_a_later_file_may_say_otherwise()
    {
        var word = UniqueWord();
        var declared = Line($"{word}-1", ("dispositif_programmes_nationaux", "France Services|Fabriques de Territoire"));
        var asLabel = Line($"{word}-2", ("formations_labels", "Fabriques de Territoire"));

        Assert.Equal((3, 0, 0, 0), Counts(await _gestionnaire.ImportAsync(Csv(';', declared, asLabel, Line($"{word}-3")))));
        Assert.Equal((0, 0, 3, 0), Counts(await _gestionnaire.ImportAsync(Csv(';', declared, asLabel, Line($"{word}-3")))));

        var found = await _gestionnaire.GetJsonAsync($"{Places}?q={word}&label=fabrique-de-territoire&pageSize=10");
        Assert.Equal([$"Lieu {word}-1", $"Lieu {word}-2"],
            found.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));

        Assert.Equal((0, 1, 2, 0), Counts(await _gestionnaire.ImportAsync(Csv(';', Line($"{word}-1"), asLabel, Line($"{word}-3")))));
        var (place, _) = await _gestionnaire.ReadAsync((await FindAsync($"{word}-1"))[0].Id());
        Assert.Empty(place.GetProperty("labels").EnumerateArray());
    }

    [Fact]
    public async Task A_second_import_updates_what_changed_and_keeps_the_directorys_own_fields()
    {
        await using var probe = await EventProbe<PlaceUpdated>.StartAsync(host.BrokerUri);
        var word = UniqueWord();
        await _gestionnaire.ImportAsync(Csv(',', Line($"{word}-1"), Line($"{word}-2")));
        var place = (await FindAsync($"{word}-1"))[0];
        var (_, etag) = await _gestionnaire.ReadAsync(place.Id());
        using (var curate = new HttpRequestMessage(HttpMethod.Put, $"{Places}/{place.Id()}")
               {
                   Content = JsonContent.Create(new
                   {
                       name = $"Lieu {word}-1", pivot = Siret, kinds = new[] { "fablab" },
                       address = new { street = "1 boulevard Victor Hugo", postalCode = "04000", inseeCode = "04070", commune = "Digne-les-Bains" },
                       location = new { latitude = 44.0925, longitude = 6.2356 },
                       territory = new { kind = "rural" },
                   }),
               })
        {
            curate.Headers.TryAddWithoutValidation("If-Match", etag);
            using var curated = await _gestionnaire.SendAsync(curate, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, curated.StatusCode);
        }

        var report = await _gestionnaire.ImportAsync(Csv(',', Line($"{word}-1", ("nom", $"Renommé {word}")), Line($"{word}-2")));

        Assert.Equal((0, 1, 1, 0), Counts(report));
        var (renamed, _) = await _gestionnaire.ReadAsync(place.Id());
        Assert.Equal($"Renommé {word}", renamed.GetProperty("name").GetString());
        Assert.Equal(["fablab"], renamed.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("rural", renamed.GetProperty("territory").GetProperty("kind").GetString());
        await probe.WaitForAsync(e => e.PlaceId == place.Id() && e.Name == $"Renommé {word}");
    }

    [Fact]
    public async Task Two_imports_of_one_file_at_once_create_each_place_once()
    {
        var word = UniqueWord();
        var csv = Csv(';', [.. Enumerable.Range(1, 40).Select(i => Line($"{word}-{i}"))]);

        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _gestionnaire.ImportAsync(csv)));

        Assert.Equal(40, reports.Sum(r => r.GetProperty("created").GetInt32()));
        Assert.Equal(80, reports.Sum(r => r.GetProperty("unchanged").GetInt32()));
        Assert.Equal(40, (await _gestionnaire.GetJsonAsync($"{Places}?q={word}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nom;commune\nLieu;Digne\n")]
    [InlineData("nom;structure_porteuse;description;siret\nDiniapolis;Initiative;;\n")]
    public async Task A_file_that_is_not_of_the_standard_is_a_400_naming_what_is_missing(string csv)
    {
        using var response = await _gestionnaire.PostCsvAsync(csv);

        Assert.Equal(["file"], (await ValidationProblemAsync(response)).ErrorFields());
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_has_its_lines_rejected_rather_than_its_accents_broken()
    {
        var word = UniqueWord();
        var latin1 = System.Text.Encoding.Latin1.GetBytes(Csv(',', Line($"{word}-1", ("nom", "Fabrique à Entreprendre"))));
        using var content = new ByteArrayContent(latin1);

        using var response = await _gestionnaire.PostAsync(Imports, content, TestContext.Current.CancellationToken);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((0, 0, 0, 1), Counts(report));
        Assert.Contains("UTF-8", report.GetProperty("rejected")[0].GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_gestionnaire_imports()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var anonymous = await host.CreateClient().PostCsvAsync(SeedFile);
        using var wrongRole = await porteur.PostCsvAsync(SeedFile);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }
}
