using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fabriques.ServiceDefaults.Authentication;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Privacy;

/// <summary>
/// Whatever a caller sends, the answer names the field at fault and nothing of the inside: no .NET type, no
/// exception message, no stack trace, no SQL.
/// </summary>
public sealed class ErrorAnswersRevealNothingTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Internals =
    [
        "System.", "Fabriques.", "Microsoft.", "Npgsql", "Exception", "   at ", "SELECT ", "INSERT ", "Path:", "LineNumber",
        "could not be converted", "Failed to", "PlaceRequest", "Nullable", "Int32", "Double", "String[]",
    ];

    public static TheoryData<string, string> WrongBodies => new()
    {
        { """{"name": 5, "pivot": "73282932000074"}""", "name" },
        { """{"name": "Lieu", "location": {"latitude": "nord", "longitude": 5.3}}""", "location.latitude" },
        { """{"name": "Lieu", "kinds": "fablab"}""", "kinds" },
        { """{"name": "Lieu", "kinds": [{"fablab": true}]}""", "kinds[0]" },
        { """{"name": "Lieu", "address": ["13055"]}""", "address" },
        { """{"name": "Lieu",""", "$" },
        { """[1, 2, 3]""", "$" },
        { "not json at all", "$" },
    };

    [Theory]
    [MemberData(nameof(WrongBodies))]
    public async Task A_body_of_wrong_types_or_malformed_JSON_is_a_400_naming_the_field(string body, string field)
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsync(Places, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.ErrorFields());
    }

    [Theory]
    [InlineData("?page=abc", "page")]
    [InlineData("?pageSize=99999999999999999999", "pageSize")]
    [InlineData("?near=north&radiusKm=x", "radiusKm")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_the_parameter(string query, string field)
    {
        using var response = await host.CreateClient().GetAsync(Places + query, Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    public async Task A_route_value_of_the_wrong_type_is_a_plain_404(string id)
    {
        using var response = await host.CreateClient().GetAsync($"{Places}/{id}", Ct);

        await RevealsNothingAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_that_says_to_send_JSON()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsync(Places, new StringContent("name=Lieu", Encoding.UTF8, "text/plain"), Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_missing_body_is_a_400()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsync(Places, new StringContent("", Encoding.UTF8, "application/json"), Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["$"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_browser_asking_for_HTML_still_gets_the_problem_and_never_a_stack_trace()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        using var request = new HttpRequestMessage(HttpMethod.Post, Places)
        {
            Content = new StringContent("""{"name": 5}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await porteur.SendAsync(request, Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["name"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_value_far_too_long_is_a_400_naming_it_not_a_500()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        var place = JsonSerializer.SerializeToNode(MinimalPlace(UniqueWord()))!;
        place["address"]!["street"] = new string('r', 100_000);

        using var response = await porteur.PostAsync(Places, new StringContent(place.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

        var problem = await RevealsNothingAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["address.street"], problem.ErrorFields());
    }

    private static async Task<JsonElement> RevealsNothingAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.All(Internals, word => Assert.DoesNotContain(word, text, StringComparison.Ordinal));
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _));
        return problem;
    }
}
