using Fabriques.Directory.Features;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

/// <summary>The directory as a developer runs it.</summary>
public sealed class DevelopmentHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.DirectoryDb)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
    }
}

public sealed class DevelopmentSeedTests(DevelopmentHost host) : IClassFixture<DevelopmentHost>
{
    [Fact]
    public async Task In_Development_an_empty_directory_starts_with_the_16_Fabriques_of_Region_Sud()
    {
        var page = await host.CreateClient().GetJsonAsync($"{Places}?region=93&pageSize=50");

        Assert.Equal(16, page.GetProperty("total").GetInt32());
        var fabulerie = page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "La Fabulerie");
        Assert.Equal("13", fabulerie.GetProperty("departmentCode").GetString());
        Assert.Equal(43.296977, fabulerie.GetProperty("location").GetProperty("latitude").GetDouble());
    }

    [Fact]
    public async Task The_16_places_of_the_seed_count_as_16_Fabriques_in_the_stats()
    {
        var stats = await host.CreateClient().GetJsonAsync(Stats);

        Assert.Equal((16, 16, 0), (stats.GetProperty("total").GetInt32(), stats.GetProperty("fabriques").GetInt32(),
            stats.GetProperty("fabriquesNumeriques").GetInt32()));
        var regionSud = stats.GetProperty("byRegion").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "93");
        Assert.Equal(16, regionSud.GetProperty("fabriques").GetInt32());
        var labelled = await host.CreateClient().GetJsonAsync($"{Places}?label=fabrique-de-territoire&pageSize=50");
        Assert.Equal(16, labelled.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Starting_again_on_a_directory_that_has_places_imports_nothing()
    {
        await using var scope = host.Services.CreateAsyncScope();
        await new DevelopmentSeed(scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(),
            scope.ServiceProvider.GetRequiredService<ILogger<DevelopmentSeed>>()).StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(16, (await host.CreateClient().GetJsonAsync(Places)).GetProperty("total").GetInt32());
    }
}
