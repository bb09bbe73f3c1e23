using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using static Fabriques.Directory.Tests.DirectoryApi;

namespace Fabriques.Directory.Tests.Features;

public sealed class RegisterPlaceTests(DirectoryHost host) : IClassFixture<DirectoryHost>
{
    [Fact]
    public async Task A_minimal_registration_is_stored_and_PlaceRegistered_reaches_the_broker()
    {
        await using var probe = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri);
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var created = await porteur.PostAsJsonAsync(Places,
            MinimalPlace("La Fruitière numérique", inseeCode: "2A004", postalCode: "20167", commune: "Afa"),
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
    public async Task Every_field_of_the_contract_is_stored_and_read_back_with_an_ETag()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        var created = await porteur.RegisterAsync(FullPlace("Mars Medialab"));
        var (place, etag) = await host.CreateClient().ReadAsync(created.Id());

        Assert.Matches("^\"\\d+\"$", etag);
        Assert.Equal("Tiers-lieu numérique du centre-ville.", place.GetProperty("description").GetString());
        Assert.Equal(Siret, place.GetProperty("pivot").GetString());
        Assert.Equal(["coworking", "fablab"], place.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["digital-inclusion", "training"], place.GetProperty("roles").EnumerateArray().Select(k => k.GetString()));
        var address = place.GetProperty("address");
        Assert.Equal(("18 rue Colbert", "2e étage", "13001", "13055", "Marseille"), (address.GetProperty("street").GetString(),
            address.GetProperty("complement").GetString(), address.GetProperty("postalCode").GetString(),
            address.GetProperty("inseeCode").GetString(), address.GetProperty("commune").GetString()));
        Assert.Equal(("13", "93"), (place.GetProperty("departmentCode").GetString(), place.GetProperty("regionCode").GetString()));
        Assert.Equal(43.2965, place.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal(5.3698, place.GetProperty("location").GetProperty("longitude").GetDouble());
        Assert.Equal("qpv", place.GetProperty("territory").GetProperty("kind").GetString());
        Assert.Equal("QN01306M", place.GetProperty("territory").GetProperty("qpvCode").GetString());
        Assert.Equal("+33491000000", place.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("contact@exemple.fr", place.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal("https://www.exemple.fr", place.GetProperty("contact").GetProperty("website").GetString());
        Assert.Empty(place.GetProperty("labels").EnumerateArray());
        Assert.Equal(place.GetProperty("createdAt").GetDateTimeOffset(), place.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_porteur_must_identify_the_organisation_and_the_commune_a_gestionnaire_may_not_know_them()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        using var gestionnaire = host.CreateClient("anct-1", Roles.Gestionnaire);
        var withoutIdentity = new { name = "Lieu", address = new { street = "2 lotissement les micocouliers", postalCode = "04350", commune = "Malijai" } };

        using var refused = await porteur.PostAsJsonAsync(Places, withoutIdentity, TestContext.Current.CancellationToken);
        var curated = await gestionnaire.RegisterAsync(withoutIdentity);

        Assert.Equal(["address.inseeCode", "pivot"], (await ValidationProblemAsync(refused)).ErrorFields());
        Assert.Equal(JsonValueKind.Null, curated.GetProperty("pivot").ValueKind);
        Assert.Equal("04", curated.GetProperty("departmentCode").GetString());
    }

    [Fact]
    public async Task Every_broken_rule_is_named_in_one_400()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsJsonAsync(Places, new
        {
            name = "  ",
            pivot = "73282932000075",
            kinds = new[] { "coworking", "bar" },
            roles = new[] { "cooking" },
            address = new { street = "", postalCode = "4000", inseeCode = "20004", commune = "" },
            location = new { latitude = 91.0, longitude = 6.2 },
            territory = new { kind = "qpv" },
            contact = new { email = "contact@", phone = "12", website = "ftp://exemple.fr" },
        }, TestContext.Current.CancellationToken);

        var problem = await ValidationProblemAsync(response);
        Assert.Equal(
            ["address.commune", "address.inseeCode", "address.postalCode", "address.street", "contact.email", "contact.phone",
             "contact.website", "kinds", "location.latitude", "name", "pivot", "roles", "territory.qpvCode"],
            problem.ErrorFields());
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.Contains("bar", problem.GetProperty("errors").GetProperty("kinds")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_departement_is_refused()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsJsonAsync(Places, MinimalPlace(inseeCode: "96001"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("96", problem.GetProperty("errors").GetProperty("address.inseeCode")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_names_the_problem()
    {
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);

        using var response = await porteur.PostAsync(Places,
            new StringContent("{\"name\": 42, \"address\": ", Encoding.UTF8, "application/json"),
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
        var body = MinimalPlace();

        using var withoutToken = await anonymous.PostAsJsonAsync(Places, body, TestContext.Current.CancellationToken);
        using var wrongRole = await instructeur.PostAsJsonAsync(Places, body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var client = host.CreateClient();
        var forged = new DevelopmentTokens(new JwtSettings(), TimeProvider.System)
            .Issue("intruder", null, null, [Roles.Gestionnaire]);
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);

        using var response = await client.PostAsJsonAsync(Places, MinimalPlace(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_subject_cannot_own_a_place_is_refused()
    {
        using var tooLong = host.CreateClient(new string('s', JwtAuthentication.MaxSubjectLength + 1), Roles.Porteur);
        using var longest = host.CreateClient(new string('s', JwtAuthentication.MaxSubjectLength), Roles.Porteur);

        using var refused = await tooLong.PostAsJsonAsync(Places, MinimalPlace(), TestContext.Current.CancellationToken);
        using var accepted = await longest.PostAsJsonAsync(Places, MinimalPlace(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
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
