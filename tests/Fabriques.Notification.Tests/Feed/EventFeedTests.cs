using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using MassTransit;

namespace Fabriques.Notification.Tests.Feed;

public sealed class EventFeedTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Feed = "/api/notifications/events";

    [Fact]
    public async Task A_published_event_appears_once_as_a_CloudEvent_even_when_delivered_twice()
    {
        var registered = NewPlaceRegistered("Tiers-lieu de Malijai");
        using var duplicates = host.DuplicatesSkipped("event-feed");
        await using (var publisher = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri))
        {
            await publisher.Bus.Publish(registered, TestContext.Current.CancellationToken);
            await publisher.Bus.Publish(registered, TestContext.Current.CancellationToken); // a redelivery: same eventId
        }
        using var partner = host.CreateClient("partner-1", Roles.Partenaire);

        var item = await Eventually.ReturnsAsync(async () =>
            (await ReadAllAsync(partner)).FirstOrDefault(e => e.GetProperty("id").GetString() == registered.EventId.ToString()) is { ValueKind: JsonValueKind.Object } e
                ? (object)e
                : null, TimeSpan.FromSeconds(30), "the event did not reach the feed");
        var cloudEvent = (JsonElement)item;

        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal("fr.anct.fabriques.place.registered", cloudEvent.GetProperty("type").GetString());
        Assert.Equal("/fabriques/directory", cloudEvent.GetProperty("source").GetString());
        Assert.Equal(registered.PlaceId.ToString(), cloudEvent.GetProperty("subject").GetString());
        Assert.Equal("Tiers-lieu de Malijai", cloudEvent.GetProperty("data").GetProperty("name").GetString());

        await Eventually.SucceedsAsync(() => Task.FromResult(duplicates.Total >= 1), TimeSpan.FromSeconds(30),
            "the second delivery of the event did not arrive");
        var all = await ReadAllAsync(partner);
        Assert.Single(all, e => e.GetProperty("id").GetString() == registered.EventId.ToString());
    }

    [Fact]
    public async Task A_partner_reading_page_by_page_gets_every_event_once_in_order()
    {
        var events = Enumerable.Range(1, 7).Select(i => NewPlaceRegistered($"Lieu {i}")).ToList();
        await using (var publisher = await EventProbe<PlaceRegistered>.StartAsync(host.BrokerUri))
        {
            foreach (var e in events)
            {
                await publisher.Bus.Publish(e, TestContext.Current.CancellationToken);
            }
        }
        using var partner = host.CreateClient("partner-1", Roles.Partenaire);
        var expected = events.Select(e => e.EventId.ToString()).ToHashSet();
        await Eventually.SucceedsAsync(async () => expected.IsSubsetOf((await ReadAllAsync(partner)).Select(Id)),
            TimeSpan.FromSeconds(30), "the events did not all reach the feed");

        var ids = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await partner.GetFromJsonAsync<JsonElement>($"{Feed}?limit=3{(cursor is null ? "" : $"&after={cursor}")}",
                TestContext.Current.CancellationToken);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            cursor = page.GetProperty("nextCursor").GetString();
            if (items.Count == 0)
            {
                break;
            }
            Assert.True(items.Count <= 3);
            ids.AddRange(items.Select(Id));
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(events.Select(e => e.EventId.ToString()), ids.Where(expected.Contains));
    }

    [Theory]
    [InlineData("after=abc")]
    [InlineData("after=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    public async Task A_bad_cursor_or_limit_is_a_400_naming_the_parameter(string query)
    {
        using var partner = host.CreateClient("partner-1", Roles.Partenaire);

        using var response = await partner.GetAsync($"{Feed}?{query}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(query.Split('=')[0], out _));
    }

    [Fact]
    public async Task The_feed_is_for_partners_and_managers_only()
    {
        using var anonymous = host.CreateClient();
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        using var gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

        using var withoutToken = await anonymous.GetAsync(Feed, TestContext.Current.CancellationToken);
        using var wrongRole = await porteur.GetAsync(Feed, TestContext.Current.CancellationToken);
        using var manager = await gestionnaire.GetAsync(Feed, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(HttpStatusCode.OK, manager.StatusCode);
    }

    private static string Id(JsonElement cloudEvent) => cloudEvent.GetProperty("id").GetString()!;

    private static async Task<List<JsonElement>> ReadAllAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"{Feed}?limit=1000", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static PlaceRegistered NewPlaceRegistered(string name) => new()
    {
        PlaceId = NewId.NextGuid(),
        Name = name,
        InseeCode = "04111",
        DepartmentCode = "04",
        RegionCode = "93",
        OwnerId = "porteur-1",
    };
}
