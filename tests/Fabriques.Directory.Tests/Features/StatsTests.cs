using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

/// <summary>Stats are compared before and after, so other tests' places do not matter.</summary>
public sealed class StatsTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private Task<JsonElement> StatsAsync() => host.CreateClient().GetJsonAsync(Stats);

    private static (int Places, int Fabriques, int Numeriques) Area(JsonElement stats, string list, string code)
    {
        var area = stats.GetProperty(list).EnumerateArray().Single(a => a.GetProperty("code").GetString() == code);
        return (area.GetProperty("places").GetInt32(), area.GetProperty("fabriques").GetInt32(), area.GetProperty("fabriquesNumeriques").GetInt32());
    }

    [Fact]
    public async Task Places_are_counted_by_departement_region_kind_and_territory_archived_ones_left_out()
    {
        using var porteur = host.CreateClient("porteur-stats", Roles.Porteur);
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);
        var before = await StatsAsync();

        await porteur.RegisterAsync(FullPlace("Marseille", kinds: ["fablab", "coworking"], territoryKind: "qpv"));
        await porteur.RegisterAsync(FullPlace("Marseille bis", kinds: ["fablab"], territoryKind: "urban"));
        await porteur.RegisterAsync(MinimalPlace("Ajaccio", inseeCode: "2A004", postalCode: "20000", commune: "Ajaccio"));
        var archived = await porteur.RegisterAsync(FullPlace("Archivé", kinds: ["fablab"]));
        using (await gestionnaire.DeleteAsync($"{Places}/{archived.Id()}", TestContext.Current.CancellationToken)) { }
        var after = await StatsAsync();

        Assert.Equal(3, after.GetProperty("total").GetInt32() - before.GetProperty("total").GetInt32());
        Assert.Equal(2, Area(after, "byDepartment", "13").Places - Area(before, "byDepartment", "13").Places);
        Assert.Equal(1, Area(after, "byDepartment", "2A").Places - Area(before, "byDepartment", "2A").Places);
        Assert.Equal(2, Area(after, "byRegion", "93").Places - Area(before, "byRegion", "93").Places);
        Assert.Equal(1, Area(after, "byRegion", "94").Places - Area(before, "byRegion", "94").Places);
        Assert.Equal(2, Count(after, "byKind", "fablab") - Count(before, "byKind", "fablab"));
        Assert.Equal(1, Count(after, "byKind", "coworking") - Count(before, "byKind", "coworking"));
        Assert.Equal(1, Count(after, "byTerritory", "qpv") - Count(before, "byTerritory", "qpv"));
        Assert.Equal(1, Count(after, "byTerritory", "urban") - Count(before, "byTerritory", "urban"));
    }

    [Fact]
    public async Task Every_departement_region_kind_and_territory_is_listed_even_at_zero()
    {
        var stats = await StatsAsync();

        Assert.Equal(102, stats.GetProperty("byDepartment").GetArrayLength());
        Assert.Equal(19, stats.GetProperty("byRegion").GetArrayLength());
        Assert.Equal(11, stats.GetProperty("byKind").EnumerateObject().Count());
        Assert.Equal(["qpv", "rural", "periurban", "urban"], stats.GetProperty("byTerritory").EnumerateObject().Select(t => t.Name));
        Assert.Contains(stats.GetProperty("byDepartment").EnumerateArray(), d => d.GetProperty("code").GetString() == "976");
    }

    private static int Count(JsonElement stats, string map, string key) => stats.GetProperty(map).GetProperty(key).GetInt32();
}
