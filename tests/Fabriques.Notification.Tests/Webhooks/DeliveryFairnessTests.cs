using Fabriques.Notification.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Fabriques.Notification.Tests.Webhooks;

/// <summary>
/// Six delivery slots, two per subscription, three per owner, and receivers given five minutes: a receiver that hangs
/// keeps its slots that long.
/// </summary>
public sealed class FewSlotsNotificationHost(Infrastructure infrastructure) : NotificationHost(infrastructure)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:MaxConcurrentDeliveries", "6");
        builder.UseSetting("Webhooks:MaxConcurrentPerSubscription", "2");
        builder.UseSetting("Webhooks:MaxConcurrentPerOwner", "3");
        builder.UseSetting("Webhooks:Timeout", "00:05:00");
    }
}

/// <summary>One owner's backlog and hanging receivers do not starve another owner's deliveries.</summary>
public sealed class DeliveryFairnessTests(FewSlotsNotificationHost host) : IClassFixture<FewSlotsNotificationHost>
{
    private const string Submitted = "fr.anct.fabriques.candidature.submitted";
    private const string Rejected = "fr.anct.fabriques.candidature.rejected";

    [Fact]
    public async Task An_owner_whose_receivers_hang_with_a_backlog_holds_only_its_share_and_another_owner_is_still_delivered()
    {
        var release = new TaskCompletionSource();
        await using var hanging = await WebhookReceiver.StartAsync(async (_, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return 200;
        });
        await using var healthy = await WebhookReceiver.StartAsync();
        try
        {
            using var flooder = host.CreateClient("partner-flooder", Roles.Partenaire);
            using var neighbour = host.CreateClient("partner-neighbour", Roles.Partenaire);
            // Three subscriptions of two slots each: all six slots, were owners not capped.
            for (var i = 0; i < 3; i++)
            {
                await flooder.SubscribeAsync(hanging.Url, Submitted);
            }
            await neighbour.SubscribeAsync(healthy.Url, Rejected);
            var backlog = Enumerable.Range(0, 10).Select(_ => Events.Submitted("porteur-1", Events.NewContact())).ToArray();
            await Events.PublishAsync(host.BrokerUri, backlog);
            await Eventually.SucceedsAsync(() => Task.FromResult(hanging.Received.Count >= 3), TimeSpan.FromSeconds(30),
                "the flooder's deliveries did not start");

            var rejected = Events.Rejected("porteur-2", Events.NewContact(), "Hors délai.");
            await Events.PublishAsync(host.BrokerUri, rejected);

            await healthy.WaitForAsync(rejected.EventId.ToString());
            Assert.Equal(3, hanging.Received.Count);
        }
        finally
        {
            release.SetResult();
        }
    }
}
