using System.Net;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

/// <summary>Each test finds its own places by a word no other test uses.</summary>
public sealed class SearchPlacesTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private readonly HttpClient _anyone = host.CreateClient();

    private async Task<Guid> RegisterAsync(string name, string? description = null, double latitude = 43.2965, double longitude = 5.3698,
        string? territory = "qpv", string[]? kinds = null)
    {
        using var porteur = host.CreateClient("porteur-search", Roles.Porteur);
        return (await porteur.RegisterAsync(FullPlace(name, latitude, longitude, territory, kinds, description ?? "Un lieu."))).Id();
    }

    private async Task<IReadOnlyList<Guid>> SearchAsync(string query)
    {
        var page = await _anyone.GetJsonAsync($"{Places}?{query}");
        return [.. page.GetProperty("items").EnumerateArray().Select(p => p.Id())];
    }

    [Fact]
    public async Task Text_search_ignores_accents_and_case_in_name_commune_and_description()
    {
        var word = UniqueWord();
        var byName = await RegisterAsync($"La Fruitière {word}");
        var byDescription = await RegisterAsync($"Atelier {word}", description: "Un FABLAB ouvert à tous, près de l'ÉCOLE.");
        var other = await RegisterAsync($"Garage {word}");

        Assert.Equal([byName], await SearchAsync($"q=fruitiere+{word}"));
        Assert.Equal([byName], await SearchAsync($"q=FRUITIÈRE+{word.ToUpperInvariant()}"));
        Assert.Equal([byDescription], await SearchAsync($"q=ecole+{word}"));
        Assert.Equal([byDescription, other, byName], await SearchAsync($"q=marseille+{word}")); // the commune; sorted by name
        Assert.Empty(await SearchAsync($"q=fruitiere+introuvable+{word}"));
    }

    [Fact]
    public async Task Like_wildcards_in_the_text_are_searched_literally()
    {
        var word = UniqueWord();
        var percent = await RegisterAsync($"100% numérique {word}");
        await RegisterAsync($"1000 numérique {word}");

        Assert.Equal([percent], await SearchAsync($"q=100%25+{word}"));
        Assert.Empty(await SearchAsync($"q=_00+{word}"));
    }

    [Fact]
    public async Task A_radius_search_keeps_places_within_it_nearest_first()
    {
        var word = UniqueWord();
        // From the Vieux-Port of Marseille: 0.3 km, 3.8 km, 27 km (Aix), 112 km (Digne).
        var vieuxPort = await RegisterAsync($"Vieux-Port {word}", latitude: 43.2951, longitude: 5.3740);
        var aix = await RegisterAsync($"Aix {word}", latitude: 43.5263, longitude: 5.4147);
        var digne = await RegisterAsync($"Digne {word}", latitude: 44.0925, longitude: 6.2356);
        var belleDeMai = await RegisterAsync($"Belle de Mai {word}", latitude: 43.3096, longitude: 5.3904);

        Assert.Equal([vieuxPort, belleDeMai], await SearchAsync($"q={word}&near=43.2965,5.3698&radiusKm=5"));
        Assert.Equal([vieuxPort, belleDeMai, aix], await SearchAsync($"q={word}&near=43.2965,5.3698&radiusKm=30"));
        Assert.Equal([digne, aix, belleDeMai, vieuxPort], await SearchAsync($"q={word}&near=44.0925,6.2356&radiusKm=200"));
        Assert.Equal([vieuxPort, belleDeMai], await SearchAsync($"q={word}&near=43.2965,5.3698")); // 10 km by default
    }

    [Fact]
    public async Task Filters_by_departement_region_kind_territory_and_label_combine()
    {
        var word = UniqueWord();
        using var porteur = host.CreateClient("porteur-search", Roles.Porteur);
        var marseille = await RegisterAsync($"Marseille {word}", kinds: ["fablab"], territory: "qpv");
        var corse = (await porteur.RegisterAsync(new
        {
            name = $"Corse {word}",
            pivot = Siret,
            kinds = new[] { "micro-folie" },
            address = new { street = "1 cours Napoléon", postalCode = "20000", inseeCode = "2A004", commune = "Ajaccio" },
            territory = new { kind = "urban" },
        })).Id();

        Assert.Equal([marseille], await SearchAsync($"q={word}&department=13"));
        Assert.Equal([corse], await SearchAsync($"q={word}&department=2a"));
        Assert.Equal([corse], await SearchAsync($"q={word}&region=94"));
        Assert.Equal([marseille], await SearchAsync($"q={word}&kind=fablab"));
        Assert.Equal([corse], await SearchAsync($"q={word}&territory=urban"));
        Assert.Empty(await SearchAsync($"q={word}&department=13&territory=urban"));
        Assert.Empty(await SearchAsync($"q={word}&label=fabrique-de-territoire"));
    }

    [Fact]
    public async Task Lists_are_paged_with_the_total()
    {
        var word = UniqueWord();
        var ids = new List<Guid>();
        foreach (var letter in "ABCDE")
        {
            ids.Add(await RegisterAsync($"{letter} {word}"));
        }

        var first = await _anyone.GetJsonAsync($"{Places}?q={word}&page=1&pageSize=2");
        var third = await _anyone.GetJsonAsync($"{Places}?q={word}&page=3&pageSize=2");

        Assert.Equal((1, 2, 5), (first.GetProperty("page").GetInt32(), first.GetProperty("pageSize").GetInt32(), first.GetProperty("total").GetInt32()));
        Assert.Equal(ids[..2], first.GetProperty("items").EnumerateArray().Select(p => p.Id()));
        Assert.Equal([ids[4]], third.GetProperty("items").EnumerateArray().Select(p => p.Id()));
    }

    [Fact]
    public async Task Archived_places_are_left_out_of_lists_but_stay_readable()
    {
        var word = UniqueWord();
        var archived = await RegisterAsync($"Fermé {word}");
        var open = await RegisterAsync($"Ouvert {word}");
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);

        using var deleted = await gestionnaire.DeleteAsync($"{Places}/{archived}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([open], await SearchAsync($"q={word}"));
        var (place, _) = await _anyone.ReadAsync(archived);
        Assert.NotEqual(JsonValueKind.Null, place.GetProperty("archivedAt").ValueKind);
    }

    [Theory]
    [InlineData("department=99", "department")]
    [InlineData("region=12", "region")]
    [InlineData("kind=bar", "kind")]
    [InlineData("label=fabrique", "label")]
    [InlineData("territory=suburb", "territory")]
    [InlineData("near=43.3", "near")]
    [InlineData("near=95,5", "near")]
    [InlineData("near=43.3,5.4&radiusKm=0", "radiusKm")]
    [InlineData("near=43.3,5.4&radiusKm=5000", "radiusKm")]
    [InlineData("radiusKm=5", "radiusKm")]
    [InlineData("page=0&pageSize=500", "page,pageSize")]
    public async Task A_wrong_filter_is_a_400_that_names_it(string query, string fields)
    {
        using var response = await _anyone.GetAsync($"{Places}?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(fields.Split(','), (await ValidationProblemAsync(response)).ErrorFields());
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_a_400()
    {
        using var response = await _anyone.GetAsync($"{Places}?radiusKm=far&near=43,5", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
