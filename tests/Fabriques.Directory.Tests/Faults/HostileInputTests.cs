using System.Net;
using System.Net.Http.Json;
using System.Text;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Faults;

/// <summary>No input may produce a 5xx: what a careless or hostile caller sends is refused with a 4xx.</summary>
public sealed class HostileInputTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {response.StatusCode}");

    [Theory]
    [InlineData("q=%00")]
    [InlineData("q=a%00b")]
    [InlineData("near=NaN,5")]
    [InlineData("near=43,5&radiusKm=NaN")]
    [InlineData("near=43,5&radiusKm=Infinity")]
    [InlineData("page=2147483647&pageSize=200")]
    [InlineData("pageSize=99999999999")]
    [InlineData("department=%27;DROP%20TABLE%20places;--")]
    public async Task A_hostile_search_is_a_4xx(string query)
    {
        using var response = await host.CreateClient().GetAsync($"{Places}?{query}", TestContext.Current.CancellationToken);

        AssertRefused(response);
    }

    [Fact]
    public async Task A_NUL_character_in_a_place_is_a_400()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsJsonAsync(Places, MinimalPlace("Lieu\0nul"), TestContext.Current.CancellationToken);

        Assert.Equal(["name"], (await ValidationProblemAsync(response)).ErrorFields());
    }

    [Fact]
    public async Task Random_bytes_or_UTF16_without_BOM_are_never_imported_and_never_a_5xx()
    {
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);
        var random = new byte[64 * 1024];
        new Random(7).NextBytes(random);
        var utf16 = Encoding.Unicode.GetBytes(OpenDataFiles.Csv(',', OpenDataFiles.Line("utf16-1")));

        foreach (var body in new[] { random, utf16, utf16[2..] })
        {
            using var response = await gestionnaire.PostAsync(Imports, new ByteArrayContent(body), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode}");
        }
        Assert.Equal(0, (await host.CreateClient().GetJsonAsync(Places)).GetProperty("total").GetInt32());
    }
}
