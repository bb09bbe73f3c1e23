using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.EndToEnd.Tests;

/// <summary>The dashboard's buttons on each resource, executed as the dashboard does, through the AppHost.</summary>
public sealed partial class OperatorCommandTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The directory's queue of <c>GrantAwarded</c> (MassTransit's kebab-case name, prefixed by the service).</summary>
    private const string DirectoryGrantAwardedQueue = "directory-grant-awarded";

    private ResourceCommandService Commands => platform.App.Services.GetRequiredService<ResourceCommandService>();

    [Fact]
    public async Task Load_seed_data_imports_the_Region_Sud_Fabriques_and_says_what_it_did()
    {
        var result = await Commands.ExecuteCommandAsync(ResourceNames.Directory, "load-seed-data", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^\d+ created, \d+ updated; demo programme: \d+ changes?$", result.Message);
        var visitor = await GatewayClient.SignInAsync(platform.Gateway, "porteur-seed-command", "porteur");
        var places = await visitor.JsonAsync(HttpMethod.Get, "/api/directory/places?q=Fabulerie&pageSize=50");
        Assert.Contains(places.GetProperty("items").EnumerateArray(), p => p.GetProperty("name").GetString() == "La Fabulerie");
    }

    [Theory]
    [InlineData(ResourceNames.Candidature)]
    [InlineData(ResourceNames.Grants)]
    [InlineData(ResourceNames.Notification)]
    public async Task Replay_dead_letters_answers_how_many_messages_it_sent_back(string service)
    {
        var result = await Commands.ExecuteCommandAsync(service, "replay-dead-letters", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Matches(ReplayedCount(), result.Message);
    }

    [Fact]
    public async Task Replay_dead_letters_sends_a_failed_message_back_to_its_consumer()
    {
        // A grant for a place the directory does not know: its consumer faults, and after its retries MassTransit moves
        // the message to the _error queue. Sent to the directory's queue only, so no other service takes the grant in.
        var awarded = new GrantAwarded
        {
            GrantId = Guid.CreateVersion7(), CandidatureId = Guid.CreateVersion7(), PlaceId = Guid.CreateVersion7(),
            OwnerId = "porteur-dead-letter", Contact = new Contact("Association du quai", "Camille Martin", "camille.martin@example.org"),
            Territory = TerritoryKind.Qpv, Digital = false, Total = 150_000m,
            Instalments = [new InstalmentPlan(1, 75_000m, new DateOnly(2027, 1, 15)), new InstalmentPlan(2, 75_000m, new DateOnly(2028, 1, 15))],
        };
        var messageId = Guid.NewGuid();
        var broker = await platform.App.GetConnectionStringAsync(ResourceNames.RabbitMq, TestContext.Current.CancellationToken);
        await using (var sender = await EventProbe<GrantAwarded>.StartAsync(broker!))
        {
            var queue = await sender.Bus.GetSendEndpoint(new Uri($"queue:{DirectoryGrantAwardedQueue}"));
            await queue.Send(awarded, context => context.MessageId = messageId, TestContext.Current.CancellationToken);
        }
        var gestionnaire = await GatewayClient.SignInAsync(platform.Gateway, "gestionnaire-dead-letter", "gestionnaire");
        await DeadLetterAsync(gestionnaire, messageId, after: DateTimeOffset.MinValue);
        var replayedAt = DateTimeOffset.UtcNow;

        var result = await Commands.ExecuteCommandAsync(ResourceNames.Directory, "replay-dead-letters", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        var replayed = ReplayedCount().Match(result.Message ?? "");
        Assert.True(replayed.Success && int.Parse(replayed.Groups[1].Value, CultureInfo.InvariantCulture) >= 1, $"unexpected result: {result.Message}");
        // Back in its queue, the consumer took it again; the place is still unknown, so it faulted again: one dead letter
        // again, with the new fault (the replay removed the old one from the _error queue, it did not copy it).
        var again = await DeadLetterAsync(gestionnaire, messageId, after: replayedAt);
        Assert.Equal(DirectoryGrantAwardedQueue, again.GetProperty("queue").GetString());
        Assert.Contains(awarded.PlaceId.ToString(), again.GetProperty("exceptionMessage").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The only dead letter of the directory with <paramref name="messageId"/>, once its fault is later than
    /// <paramref name="after"/>.
    /// </summary>
    private static async Task<JsonElement> DeadLetterAsync(GatewayClient gestionnaire, Guid messageId, DateTimeOffset after) =>
        (JsonElement)await Eventually.ReturnsAsync(async () =>
        {
            var letters = (await gestionnaire.JsonAsync(HttpMethod.Get, "/api/directory/operations/dead-letters")).EnumerateArray()
                .Where(l => l.GetProperty("messageId").GetString() == messageId.ToString()).ToList();
            return letters.Count == 1 && letters[0].GetProperty("faultedAt").GetDateTimeOffset() > after ? (object)letters[0] : null;
        }, Patience, $"message {messageId} did not reach the directory's _error queue (once, faulted after {after:O})");

    [Fact]
    public async Task Retry_failed_webhooks_posts_a_failed_delivery_again_now()
    {
        // Down for maintenance at the first POST, back at the next.
        await using var receiver = await PartnerReceiver.StartAsync(call => call == 1 ? 503 : 204);
        var partenaire = await GatewayClient.SignInAsync(platform.Gateway, "partenaire-retry-command", "partenaire");
        var subscription = await partenaire.JsonAsync(HttpMethod.Post, "/api/notifications/subscriptions",
            new { url = receiver.Url, eventTypes = new[] { "fr.anct.fabriques.place.registered" }, description = "Récepteur en panne" });
        var porteur = await GatewayClient.SignInAsync(platform.Gateway, "porteur-retry-command", "porteur");
        await porteur.JsonAsync(HttpMethod.Post, "/api/directory/places", new
        {
            name = "Le Lieu de la relance",
            pivot = "73282932000074",
            address = new { street = "2 lotissement les micocouliers", postalCode = "04350", inseeCode = "04111", commune = "Malijai" },
        });
        // Other tests register places meanwhile: their events reach this subscription too, and succeed.
        var deliveries = $"/api/notifications/subscriptions/{subscription.GetProperty("id").GetString()}/deliveries";
        var failed = (JsonElement)await Eventually.ReturnsAsync(async () =>
            (await partenaire.JsonAsync(HttpMethod.Get, deliveries)).GetProperty("items").EnumerateArray()
                .Where(a => a.GetProperty("status").GetString() == "failed").Select(a => (object)a).FirstOrDefault(),
            Patience, "the failed attempt was not recorded");
        var eventId = failed.GetProperty("eventId").GetString();

        var result = await Commands.ExecuteCommandAsync(ResourceNames.Notification, "retry-failed-webhooks", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        var rescheduled = RescheduledCount().Match(result.Message ?? "");
        Assert.True(rescheduled.Success && int.Parse(rescheduled.Groups[1].Value, CultureInfo.InvariantCulture) >= 1,
            $"unexpected result: {result.Message}");
        var succeeded = (JsonElement)await Eventually.ReturnsAsync(async () =>
            (await partenaire.JsonAsync(HttpMethod.Get, $"{deliveries}?eventId={eventId}")).GetProperty("items").EnumerateArray()
                .Where(a => a.GetProperty("status").GetString() == "succeeded").Select(a => (object)a).FirstOrDefault(),
            Patience, "the rescheduled delivery was not posted again");
        // Its retry was scheduled a minute after the failure (Webhooks:Retry:Initial): it went out before, at the command.
        Assert.True(succeeded.GetProperty("at").GetDateTimeOffset() < failed.GetProperty("nextAttemptAt").GetDateTimeOffset(),
            $"the delivery was posted at its scheduled retry ({failed.GetProperty("nextAttemptAt")}), not when the command asked");
    }

    [GeneratedRegex(@"^(\d+) messages? replayed$")]
    private static partial Regex ReplayedCount();

    [GeneratedRegex(@"^(\d+) deliver(?:y|ies) rescheduled$")]
    private static partial Regex RescheduledCount();
}
