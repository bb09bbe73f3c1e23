using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.EndToEnd.Tests;

/// <summary>The dashboard's buttons on each resource, executed as the dashboard does, through the AppHost.</summary>
public sealed partial class OperatorCommandTests(Platform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

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
    [InlineData(ResourceNames.Directory)]
    [InlineData(ResourceNames.Candidature)]
    [InlineData(ResourceNames.Grants)]
    [InlineData(ResourceNames.Notification)]
    public async Task Replay_dead_letters_answers_how_many_messages_it_sent_back(string service)
    {
        var result = await Commands.ExecuteCommandAsync(service, "replay-dead-letters", TestContext.Current.CancellationToken);

        Assert.True(result.Success, result.Message);
        Assert.Matches(@"^\d+ messages? replayed$", result.Message);
    }

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

    [GeneratedRegex(@"^(\d+) deliver(?:y|ies) rescheduled$")]
    private static partial Regex RescheduledCount();
}
