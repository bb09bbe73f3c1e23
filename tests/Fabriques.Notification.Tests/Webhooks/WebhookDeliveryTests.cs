using System.Net;
using System.Text.Json;
using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests.Webhooks;

public sealed class WebhookDeliveryTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private const string Submitted = "fr.anct.fabriques.candidature.submitted";
    private const string Rejected = "fr.anct.fabriques.candidature.rejected";

    [Fact]
    public async Task A_subscriber_receives_each_event_of_its_types_as_a_signed_CloudEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-signed", Roles.Partenaire);
        var (_, secret) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        var rejected = Events.Rejected("porteur-1", Events.NewContact(), "Hors délai.");

        await Events.PublishAsync(host.BrokerUri, rejected, submitted);

        var webhook = Assert.Single(await receiver.WaitForAsync(submitted.EventId.ToString()));
        Assert.True(WebhookReceiver.HasValidSignature(webhook, secret), "the signature does not verify with the secret");
        Assert.StartsWith("application/cloudevents+json", webhook.ContentType, StringComparison.Ordinal);
        Assert.InRange(long.Parse(webhook.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        var cloudEvent = JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(submitted.EventId.ToString(), cloudEvent.GetProperty("id").GetString());
        Assert.Equal(Submitted, cloudEvent.GetProperty("type").GetString());
        Assert.Equal("/fabriques/candidature", cloudEvent.GetProperty("source").GetString());
        Assert.Equal(submitted.CandidatureId.ToString(), cloudEvent.GetProperty("subject").GetString());
        Assert.Equal("application/json", cloudEvent.GetProperty("datacontenttype").GetString());
        Assert.Equal(submitted.CandidatureId.ToString(), cloudEvent.GetProperty("data").GetProperty("candidatureId").GetString());
        Assert.False(cloudEvent.GetProperty("data").TryGetProperty("projectTitle", out _), "free text of the porteur left the platform");
        Assert.Equal(submitted.OccurredAt, cloudEvent.GetProperty("time").GetDateTimeOffset());
        Assert.DoesNotContain(receiver.Received, r => r.Id == rejected.EventId.ToString());
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_event_twice_and_the_log_shows_both_attempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 200);
        using var partner = host.CreateClient("partner-retry", Roles.Partenaire);
        var (subscription, _) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());

        await Events.PublishAsync(host.BrokerUri, submitted);

        var received = await receiver.WaitForAsync(submitted.EventId.ToString(), count: 2);
        Assert.Equal(received[0].Body, received[1].Body);
        var log = await Eventually.ReturnsAsync(async () =>
            await partner.GetAttemptsAsync(subscription, submitted.EventId) is { Count: 2 } attempts ? attempts : null,
            TimeSpan.FromSeconds(30), "the log does not show both attempts");
        Assert.Equal((1, "failed", 500), Summary(log[0]));
        Assert.Equal(JsonValueKind.String, log[0].GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal((2, "succeeded", 200), Summary(log[1]));
        Assert.Equal(JsonValueKind.Null, log[1].GetProperty("nextAttemptAt").ValueKind);
        Assert.All(log, a => Assert.Equal(submitted.EventId, a.GetProperty("eventId").GetGuid()));
    }

    [Fact]
    public async Task The_log_of_an_unreachable_target_says_so_without_the_connection_error()
    {
        // A port nobody listens on any more: the connection is refused, and the socket error names address and port.
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var partner = host.CreateClient("partner-unreachable", Roles.Partenaire);
        var (subscription, _) = await partner.SubscribeAsync($"http://127.0.0.1:{port}/hook", Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());

        await Events.PublishAsync(host.BrokerUri, submitted);

        var attempt = await Eventually.ReturnsAsync(async () =>
            (await partner.GetAttemptsAsync(subscription, submitted.EventId)).Select(a => (object)a).FirstOrDefault(),
            TimeSpan.FromSeconds(30), "no attempt was logged");
        var logged = (JsonElement)attempt;
        Assert.Equal("unreachable", logged.GetProperty("status").GetString());
        Assert.Equal("Destinataire injoignable (nom, connexion ou TLS).", logged.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_410_disables_the_subscription_and_nothing_more_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync(410);
        using var partner = host.CreateClient("partner-gone", Roles.Partenaire);
        var (subscription, _) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var first = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, first);
        await receiver.WaitForAsync(first.EventId.ToString());

        var disabled = await Eventually.ReturnsAsync(async () =>
            await partner.GetJsonAsync($"{Api.Subscriptions}/{subscription}") is var s && s.GetProperty("status").GetString() == "disabled"
                ? (object)s
                : null, TimeSpan.FromSeconds(30), "the subscription was not disabled");
        var second = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, second);
        using var redeliver = await partner.PostAsync(
            $"{Api.Subscriptions}/{subscription}/deliveries/{first.EventId}/redeliver", null, TestContext.Current.CancellationToken);
        // The second event taken in: the consumer has decided, for the disabled subscription, to deliver nothing.
        await Eventually.SucceedsAsync(() => host.HandledByAsync(second.EventId, "webhooks"), TimeSpan.FromSeconds(30),
            "the webhook consumer did not take the second event in");

        Assert.Equal(JsonValueKind.String, ((JsonElement)disabled).GetProperty("disabledAt").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, redeliver.StatusCode);
        Assert.Single(receiver.Received);
        Assert.Equal((1, "failed", 410), Summary(Assert.Single(await partner.GetAttemptsAsync(subscription, first.EventId))));
    }

    [Fact]
    public async Task Redeliver_sends_a_delivered_event_again_now()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-redeliver", Roles.Partenaire);
        var (subscription, secret) = await partner.SubscribeAsync(receiver.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        await Events.PublishAsync(host.BrokerUri, submitted);
        await receiver.WaitForAsync(submitted.EventId.ToString());

        using var response = await partner.PostAsync(
            $"{Api.Subscriptions}/{subscription}/deliveries/{submitted.EventId}/redeliver", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var again = await receiver.WaitForAsync(submitted.EventId.ToString(), count: 2);
        Assert.All(again, w => Assert.True(WebhookReceiver.HasValidSignature(w, secret)));
        await Eventually.SucceedsAsync(async () => (await partner.GetAttemptsAsync(subscription, submitted.EventId)).Count == 2,
            TimeSpan.FromSeconds(30), "the log does not show the second attempt");
    }

    [Fact]
    public async Task A_redelivered_event_is_posted_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-once", Roles.Partenaire);
        await partner.SubscribeAsync(receiver.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());
        using var duplicates = host.DuplicatesSkipped("webhooks");

        await Events.PublishAsync(host.BrokerUri, submitted, submitted);

        await receiver.WaitForAsync(submitted.EventId.ToString());
        await Eventually.SucceedsAsync(() => Task.FromResult(duplicates.Total >= 1), TimeSpan.FromSeconds(30),
            "the second delivery of the event did not arrive");
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_slow_subscriber_does_not_delay_the_others()
    {
        var slowCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowAborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await WebhookReceiver.StartAsync(async (_, aborted) =>
        {
            slowCalled.TrySetResult();
            // Answers nothing until the service gives up waiting (its delivery timeout) and aborts the request.
            var abort = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (aborted.Register(abort.SetResult))
            {
                await abort.Task;
            }
            slowAborted.TrySetResult();
            return 200;
        });
        await using var fast = await WebhookReceiver.StartAsync();
        using var partner = host.CreateClient("partner-slow", Roles.Partenaire);
        using var other = host.CreateClient("partner-fast", Roles.Partenaire);
        await partner.SubscribeAsync(slow.Url, Submitted);
        await other.SubscribeAsync(fast.Url, Submitted);
        var submitted = Events.Submitted("porteur-1", Events.NewContact());

        await Events.PublishAsync(host.BrokerUri, submitted);

        await slowCalled.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await fast.WaitForAsync(submitted.EventId.ToString());
        Assert.False(slowAborted.Task.IsCompleted, "the other subscriber was served only after the slow one timed out");
    }

    private static (int Attempt, string? Status, int HttpStatus) Summary(JsonElement attempt) => (
        attempt.GetProperty("attempt").GetInt32(), attempt.GetProperty("status").GetString(), attempt.GetProperty("httpStatus").GetInt32());
}
