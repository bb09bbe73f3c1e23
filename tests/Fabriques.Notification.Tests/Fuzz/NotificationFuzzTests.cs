using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Fabriques.Notification.Data;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing.Fuzzing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Notification.Tests.Fuzz;

/// <summary>
/// Hostile and malformed requests to every write and search route of the notification service, as a partenaire or a
/// gestionnaire: never a 5xx, every refusal a problem, and afterwards the subscriptions are exactly those answered.
/// </summary>
public sealed class NotificationFuzzTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const int Requests = 1000;
    private const string Url = "http://127.0.0.1:9/webhooks/fuzz";

    [Fact]
    public async Task Hostile_requests_to_every_write_and_search_route_are_refused_with_problems_and_leave_the_data_consistent()
    {
        var output = TestContext.Current.TestOutputHelper;
        using var partenaire = host.CreateClient("partenaire-fuzz", Roles.Partenaire);
        using var gestionnaire = host.CreateClient("anct-fuzz", Roles.Gestionnaire);
        var owned = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            owned.Add((await partenaire.SubscribeAsync(Url, "fr.anct.fabriques.place.registered")).Id.ToString());
        }
        var subscriptions = FuzzRequests.Id(owned).Select(id => $"{Api.Subscriptions}/{id}");
        var paging = new Dictionary<string, string[]> { ["page"] = ["1", "2"], ["pageSize"] = ["1", "50", "200"] };

        var fuzzer = new Fuzzer([
            new("POST /subscriptions", FuzzRequests.Write(HttpMethod.Post, Gen.Const(Api.Subscriptions), new JsonObject
            {
                ["url"] = Url, ["eventTypes"] = new JsonArray("fr.anct.fabriques.grant.awarded", "fr.anct.fabriques.place.labelled"),
                ["description"] = "Système d'information partenaire",
            }), partenaire, subscription => Shape.Object(subscription, "id", "url", "eventTypes", "status", "secret")),
            new("DELETE /subscriptions/{id}", FuzzRequests.Write(HttpMethod.Delete, subscriptions, null), partenaire, Weight: 2),
            new("POST /subscriptions/{id}/secret/rotate", FuzzRequests.Write(HttpMethod.Post,
                subscriptions.Select(s => $"{s}/secret/rotate"), null), partenaire, rotated => Shape.Object(rotated, "id", "secret", "previousSecretExpiresAt"), Weight: 2),
            new("POST /subscriptions/{id}/deliveries/{eventId}/redeliver", FuzzRequests.Write(HttpMethod.Post,
                Gen.Select(subscriptions, FuzzRequests.Id([]), (s, e) => $"{s}/deliveries/{e}/redeliver"), null), partenaire, Weight: 4),
            new("GET /", FuzzRequests.Search(Api.Emails, new Dictionary<string, string[]>(paging) { ["status"] = ["pending", "sent", "failed"] }),
                gestionnaire, page => Shape.Page(page, "id", "to", "subject", "status")),
            new("GET /subscriptions", FuzzRequests.Search(Api.Subscriptions, paging), partenaire, page => Shape.Page(page, "id", "url", "eventTypes")),
            new("GET /subscriptions/{id}/deliveries", Gen.Select(subscriptions, FuzzRequests.Query(
                    new Dictionary<string, string[]>(paging) { ["eventId"] = [Guid.NewGuid().ToString()] }), FuzzRequests.Headers,
                (s, query, headers) => new FuzzRequest(HttpMethod.Get, $"{s}/deliveries{query}", null, null, headers)),
                partenaire, page => Shape.Page(page, "eventId", "attempt", "status")),
            new("GET /events", FuzzRequests.Search("/api/notifications/events", new Dictionary<string, string[]>
            {
                ["after"] = ["0", "1", "100"], ["limit"] = ["1", "100", "1000"],
            }), partenaire, feed => Shape.Object(feed, "items", "nextCursor")),
            .. FuzzRoutes.DeadLetters("/api/notifications", gestionnaire),
        ]);
        await fuzzer.RunAsync(Requests, output);

        var created = fuzzer.Created("POST /subscriptions");
        var deleted = fuzzer.Count("DELETE /subscriptions/{id}", 204);
        output?.WriteLine($"{created.Count} subscriptions created and {deleted} deleted by the fuzzer");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        var stored = await db.Subscriptions.AsNoTracking().Select(s => s.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(owned.Count + created.Count - deleted, stored.Count);
        foreach (var id in stored)
        {
            Assert.Equal(id, (await partenaire.GetJsonAsync($"{Api.Subscriptions}/{id}")).GetProperty("id").GetGuid());
        }
        Assert.Equal(stored.Count, (await partenaire.GetJsonAsync($"{Api.Subscriptions}?pageSize=1")).GetProperty("total").GetInt32());
    }

    /// <summary>PostgreSQL refuses a NUL character in text: a description with one is the caller's 400, not a 500.</summary>
    [Fact]
    public async Task A_description_with_a_NUL_character_is_a_400_naming_it()
    {
        using var partenaire = host.CreateClient("partenaire-nul", Roles.Partenaire);

        using var response = await partenaire.PostAsJsonAsync(Api.Subscriptions,
            new { url = Url, eventTypes = new[] { "fr.anct.fabriques.grant.awarded" }, description = "Système\u0000nul" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["description"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
