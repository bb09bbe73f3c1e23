using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

/// <summary>The operator loads the Région Sud seed on demand (the dashboard's <c>load-seed-data</c> command), in any environment.</summary>
public sealed class SeedPlacesTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private const string Seed = "/api/directory/operations/seed";

    [Fact]
    public async Task Only_a_gestionnaire_may_load_the_seed()
    {
        using var anonymous = host.CreateClient();
        using var porteur = host.CreateClient("porteur-seed", Roles.Porteur);

        using var asAnonymous = await anonymous.PostAsync(Seed, null, TestContext.Current.CancellationToken);
        using var asPorteur = await porteur.PostAsync(Seed, null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, asAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asPorteur.StatusCode);
    }

    [Fact]
    public async Task Loading_the_seed_creates_the_16_Fabriques_of_Region_Sud_once()
    {
        using var gestionnaire = host.CreateClient("anct-seed", Roles.Gestionnaire);

        var first = await LoadAsync(gestionnaire);
        var second = await LoadAsync(gestionnaire);

        Assert.Equal((16, 0, 0), (first.GetProperty("created").GetInt32(), first.GetProperty("updated").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 0, 16), (second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        var page = await host.CreateClient().GetJsonAsync($"{Places}?region=93&pageSize=50");
        Assert.Equal(16, page.GetProperty("total").GetInt32());
        Assert.Contains(page.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "La Fabulerie");
    }

    private static async Task<JsonElement> LoadAsync(HttpClient gestionnaire)
    {
        using var response = await gestionnaire.PostAsync(Seed, null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
