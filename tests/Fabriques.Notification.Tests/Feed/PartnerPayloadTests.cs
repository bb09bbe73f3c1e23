using System.Net;
using System.Net.Http.Json;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents.SystemTextJson;
using Fabriques.Contracts.Directory;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Fabriques.Notification.Tests.Feed;

/// <summary>
/// What partners receive, read with the libraries a partner would use (the CNCF CloudEvents SDK, the Standard
/// Webhooks reference implementation): the public projection, never the porteur's name, e-mail, id or motivation.
/// </summary>
public sealed class PartnerPayloadTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Feed = "/api/notifications/events";
    private const string Rejected = "fr.anct.fabriques.candidature.rejected";
    private const string Motivation = "Le budget prévisionnel de Camille Martin est incomplet.";

    [Fact]
    public async Task A_webhook_is_a_signed_CloudEvent_with_the_public_payload_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-interop", Roles.Partenaire);
        var (_, secret) = await partner.SubscribeAsync(receiver.Url, Rejected);
        var contact = Events.NewContact();
        var rejected = Events.Rejected("porteur-interop", contact, Motivation);

        await Events.PublishAsync(host.BrokerUri, rejected);
        var webhook = (await receiver.WaitForAsync(rejected.EventId.ToString())).First();

        // The reference implementation throws when the signature does not verify.
        new StandardWebhook(secret).Verify(webhook.Body, new HeaderDictionary
        {
            ["webhook-id"] = webhook.Id,
            ["webhook-timestamp"] = webhook.Timestamp,
            ["webhook-signature"] = webhook.Signature,
        });
        var cloudEvent = new JsonEventFormatter().DecodeStructuredModeMessage(
            Encoding.UTF8.GetBytes(webhook.Body), new ContentType(webhook.ContentType), extensionAttributes: null);
        Assert.Equal(CloudNative.CloudEvents.CloudEventsSpecVersion.V1_0, cloudEvent.SpecVersion);
        Assert.Equal(rejected.EventId.ToString(), cloudEvent.Id);
        Assert.Equal(Rejected, cloudEvent.Type);
        Assert.Equal(new Uri("/fabriques/candidature", UriKind.Relative), cloudEvent.Source);
        Assert.Equal(new Uri("https://fabriques.anct.gouv.fr/events/v1/candidature.rejected"), cloudEvent.DataSchema);
        var data = Assert.IsType<JsonElement>(cloudEvent.Data);
        Assert.Equal(rejected.CandidatureId, data.GetProperty("candidatureId").GetGuid());
        Assert.Equal(contact.OrganisationName, data.GetProperty("organisationName").GetString());
        Assert.Equal("rejected", data.GetProperty("state").GetString());
        PublicPayload.AssertNothingPersonal(webhook.Body, contact, "porteur-interop");
    }

    [Fact]
    public async Task A_tampered_webhook_fails_the_reference_verification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-tamper", Roles.Partenaire);
        var (_, secret) = await partner.SubscribeAsync(receiver.Url, Rejected);
        var rejected = Events.Rejected("porteur-tamper", Events.NewContact(), Motivation);
        await Events.PublishAsync(host.BrokerUri, rejected);
        var webhook = (await receiver.WaitForAsync(rejected.EventId.ToString())).First();

        var tampered = webhook.Body.Replace("\"rejected\"", "\"accepted\"", StringComparison.Ordinal);

        Assert.NotEqual(webhook.Body, tampered);
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(tampered, new HeaderDictionary
        {
            ["webhook-id"] = webhook.Id,
            ["webhook-timestamp"] = webhook.Timestamp,
            ["webhook-signature"] = webhook.Signature,
        }));
    }

    [Fact]
    public async Task The_feed_serves_the_public_payload_and_filters_on_repeated_type()
    {
        var contact = Events.NewContact();
        var rejected = Events.Rejected("porteur-feed-privacy", contact, Motivation);
        var registered = new PlaceRegistered
        {
            PlaceId = Guid.CreateVersion7(), Name = "La Ruche de Malijai", InseeCode = "04111", DepartmentCode = "04",
            RegionCode = "93", OwnerId = "porteur-feed-privacy",
        };
        var submitted = Events.Submitted("porteur-feed-privacy", contact);
        await Events.PublishAsync(host.BrokerUri, rejected, registered, submitted);
        using var partner = host.CreateClient("partner-feed-privacy", Roles.Partenaire);
        var wanted = new[] { rejected.EventId, registered.EventId, submitted.EventId }.Select(id => id.ToString()).ToHashSet();
        await Eventually.SucceedsAsync(async () => wanted.IsSubsetOf((await ReadAsync(partner, "")).Select(Id)),
            TimeSpan.FromSeconds(30), "the events did not reach the feed");

        var filtered = await ReadAsync(partner, $"&type={Rejected}&type=fr.anct.fabriques.place.registered");
        using var raw = await partner.GetAsync($"{Feed}?limit=1000", TestContext.Current.CancellationToken);

        Assert.All(filtered, e => Assert.Contains(e.GetProperty("type").GetString(), new[] { Rejected, "fr.anct.fabriques.place.registered" }));
        Assert.Contains(rejected.EventId.ToString(), filtered.Select(Id));
        Assert.Contains(registered.EventId.ToString(), filtered.Select(Id));
        Assert.DoesNotContain(submitted.EventId.ToString(), filtered.Select(Id));
        PublicPayload.AssertNothingPersonal(await raw.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), contact, "porteur-feed-privacy");
    }

    [Fact]
    public async Task An_unknown_type_is_a_400_naming_the_parameter()
    {
        using var partner = host.CreateClient("partner-1", Roles.Partenaire);

        using var response = await partner.GetAsync($"{Feed}?type=fr.anct.fabriques.nothing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));
    }

    private static string Id(JsonElement cloudEvent) => cloudEvent.GetProperty("id").GetString()!;

    private static async Task<List<JsonElement>> ReadAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"{Feed}?limit=1000{query}", TestContext.Current.CancellationToken);
        return page.GetProperty("items").EnumerateArray().ToList();
    }
}
