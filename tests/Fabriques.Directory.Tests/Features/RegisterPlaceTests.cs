using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;

namespace Fabriques.Directory.Tests.Features;

public sealed class RegisterPlaceTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    private const string Places = "/api/directory/places";

    [Fact]
    public async Task A_registered_place_is_stored_and_PlaceRegistered_reaches_the_broker()
    {
        await using var probe = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri);
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var created = await porteur.PostAsJsonAsync(Places, new { name = "La Fruitière numérique", inseeCode = "2A004" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var place = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = place.GetProperty("id").GetGuid();
        Assert.Equal($"{Places}/{id}", created.Headers.Location?.ToString());
        Assert.Equal("2A", place.GetProperty("departmentCode").GetString());
        Assert.Equal("94", place.GetProperty("regionCode").GetString());

        using var anonymous = host.CreateClient();
        var read = await anonymous.GetFromJsonAsync<JsonElement>($"{Places}/{id}", TestContext.Current.CancellationToken);
        Assert.Equal("La Fruitière numérique", read.GetProperty("name").GetString());

        var published = await probe.WaitForAsync(e => e.PlaceId == id);
        Assert.Equal("porteur-1", published.Message.OwnerId);
        Assert.Equal("2A004", published.Message.InseeCode);
        Assert.Equal(published.Message.EventId, published.MessageId);
    }

    [Fact]
    public async Task Every_broken_rule_is_named_in_one_400()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsJsonAsync(Places, new { name = "  ", inseeCode = "20004" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("inseeCode", out _));
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task An_unknown_departement_is_refused()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsJsonAsync(Places, new { name = "Lieu", inseeCode = "96001" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("96", problem.GetProperty("errors").GetProperty("inseeCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_names_the_problem()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsync(Places,
            new StringContent("{\"name\": 42, \"inseeCode\": ", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Registering_needs_a_token_and_a_role_that_may_register()
    {
        using var anonymous = host.CreateClient();
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);
        var body = new { name = "Lieu", inseeCode = "13055" };

        using var withoutToken = await anonymous.PostAsJsonAsync(Places, body, TestContext.Current.CancellationToken);
        using var wrongRole = await instructeur.PostAsJsonAsync(Places, body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var client = host.CreateClient();
        var forged = new DevelopmentTokens(new JwtSettings { SigningKey = new string('x', 48) }, TimeProvider.System)
            .Issue("intruder", null, null, [Roles.Gestionnaire]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);

        using var response = await client.PostAsJsonAsync(Places, new { name = "Lieu", inseeCode = "13055" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_place_is_a_404_problem()
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync($"{Places}/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_broker_and_the_correlation_id_is_echoed()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add(CorrelationId.HeaderName, "test-correlation-42");

        using var response = await client.GetAsync(Extensions.HealthPath, TestContext.Current.CancellationToken);
        var (_, status, checks) = await host.ReadHealthAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("test-correlation-42", response.Headers.GetValues(CorrelationId.HeaderName).Single());
        Assert.Equal("Healthy", status);
        Assert.Contains("DirectoryDbContext", checks);
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }
}
