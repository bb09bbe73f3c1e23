using Fabriques.Contracts;
using Fabriques.Messaging;
using Fabriques.Messaging.Background;
using Fabriques.Messaging.Inbox;
using Fabriques.Notification.Brokers;
using Fabriques.Notification.Data;
using Fabriques.Notification.Feed;

namespace Fabriques.Notification.Consumers;

/// <summary>Appends every event of the platform to the partners' feed, once.</summary>
public sealed class FeedConsumer<TEvent>(NotificationDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<TEvent, NotificationDbContext>(db, metrics, time)
    where TEvent : IntegrationEvent
{
    protected override string ConsumerName => "event-feed";

    protected override Task HandleAsync(TEvent @event, CancellationToken cancellationToken)
    {
        Db.FeedEvents.Add(FeedEvent.From(CloudEvent.From(@event), Time.GetUtcNow()));
        Db.WakeAfterCommit<PartnerFeedSignal>();
        return Task.CompletedTask;
    }
}
