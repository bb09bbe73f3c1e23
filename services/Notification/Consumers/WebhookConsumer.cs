using System.Diagnostics;
using Fabriques.Contracts;
using Fabriques.Messaging;
using Fabriques.Messaging.Background;
using Fabriques.Messaging.Inbox;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Feed;
using Fabriques.Notification.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Consumers;

/// <summary>
/// Schedules one delivery of the event, as a CloudEvent, to each active subscription that asked for its type. The
/// dispatcher POSTs them; a redelivered event schedules nothing more.
/// </summary>
public sealed class WebhookConsumer<TEvent>(NotificationDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<TEvent, NotificationDbContext>(db, metrics, time)
    where TEvent : IntegrationEvent
{
    protected override string ConsumerName => "webhooks";

    protected override async Task HandleAsync(TEvent @event, CancellationToken cancellationToken)
    {
        var type = EventTypes.Of<TEvent>();
        var subscribers = await Db.Subscriptions
            .Where(s => s.Status == SubscriptionStatus.Active && s.EventTypes.Contains(type))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (subscribers.Count == 0)
        {
            return;
        }
        // The consumer's trace goes with the payload: the dispatcher's attempts continue it.
        var payload = CloudEvent.From(@event).InTrace(Activity.Current).ToJson();
        var now = Time.GetUtcNow();
        Db.Deliveries.AddRange(subscribers.Select(id => Delivery.Schedule(id, @event.EventId, type, payload, now)));
        Db.WakeAfterCommit<WebhookSignal>();
    }
}
