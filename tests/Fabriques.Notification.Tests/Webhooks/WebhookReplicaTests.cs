using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests.Webhooks;

public sealed class WebhookReplicaTests(Infrastructure infrastructure)
{
    [Fact]
    public async Task Two_replicas_dispatching_from_one_database_post_each_event_once()
    {
        await using var first = new NotificationHost(infrastructure);
        await first.InitializeAsync();
        await using var second = new ReplicaHost(infrastructure, first);
        await second.InitializeAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var partner = first.CreateClient("partner-replicas", Roles.Partenaire);
        await partner.SubscribeAsync(receiver.Url, "fr.anct.fabriques.candidature.submitted");
        var events = Enumerable.Range(0, 40).Select(_ => Events.Submitted("porteur-1", Events.NewContact())).ToList();

        await Events.PublishAsync(first.BrokerUri, [.. events]);

        foreach (var submitted in events)
        {
            await receiver.WaitForAsync(submitted.EventId.ToString());
        }
        // Every delivery recorded as done, then each replica finished whatever it had taken: a second copy would be here.
        await Eventually.SucceedsAsync(async () => await first.PendingAsync(LeasedWork.Webhooks) == 0, TimeSpan.FromSeconds(30),
            "some deliveries were still pending");
        await first.SettledAsync(LeasedWork.Webhooks);
        await second.SettledAsync(LeasedWork.Webhooks);
        Assert.Equal(events.Count, receiver.Received.Count);
    }
}
