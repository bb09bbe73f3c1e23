using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.EndToEnd.Tests;

/// <summary>What a frontend does: a token, a place registered through the gateway, the event in the partners' feed.</summary>
public sealed class PlaceRegistrationFlowTests(Platform platform)
{
    [Fact]
    public async Task A_place_registered_through_the_gateway_reaches_the_event_feed_through_the_broker()
    {
        var ct = TestContext.Current.CancellationToken;
        var porteur = await GatewayClient.SignInAsync(platform.Gateway, "porteur-e2e", "porteur");
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "gestionnaire-e2e", "gestionnaire");

        using var register = porteur.Request(HttpMethod.Post, "/api/directory/places", new
        {
            name = "Fabrique de Digne",
            pivot = "73282932000074",
            address = new { street = "1 boulevard Victor Hugo", postalCode = "04000", inseeCode = "04070", commune = "Digne-les-Bains" },
        });
        register.Headers.Add(CorrelationId.HeaderName, "e2e-register-1");
        using var created = await porteur.SendAsync(register);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("e2e-register-1", created.Headers.GetValues(CorrelationId.HeaderName).Single());
        var placeId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();

        var cloudEvent = await Eventually.ReturnsAsync(async () =>
        {
            return (await gestionnaire.ReadFeedAsync())
                .Where(e => e.GetProperty("subject").GetString() == placeId).Select(e => (object)e).FirstOrDefault();
        }, TimeSpan.FromSeconds(60), "PlaceRegistered did not reach the notification feed");

        var received = (JsonElement)cloudEvent;
        Assert.Equal("fr.anct.fabriques.place.registered", received.GetProperty("type").GetString());
        Assert.Equal("Fabrique de Digne", received.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal("93", received.GetProperty("data").GetProperty("regionCode").GetString());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_from_the_gateway()
    {
        using var response = await platform.Gateway.GetAsync("/api/nowhere", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains(CorrelationId.HeaderName));
    }

    [Fact]
    public async Task Every_service_is_reachable_behind_the_gateway()
    {
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "gestionnaire-e2e", "gestionnaire");

        using var feed = await gestionnaire.SendAsync(HttpMethod.Get, "/api/notifications/events?limit=1");
        using var place = await gestionnaire.SendAsync(HttpMethod.Get, $"/api/directory/places/{Guid.NewGuid()}");
        using var programme = await gestionnaire.SendAsync(HttpMethod.Get, "/api/grants/programme");
        using var waves = await gestionnaire.SendAsync(HttpMethod.Get, "/api/candidatures/waves");

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, place.StatusCode);
        Assert.Equal("application/problem+json", place.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, programme.StatusCode);
        Assert.Equal(HttpStatusCode.OK, waves.StatusCode);
    }
}
