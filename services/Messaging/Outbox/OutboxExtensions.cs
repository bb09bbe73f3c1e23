using System.Diagnostics;
using Fabriques.Contracts;
using Fabriques.Messaging.Background;
using Fabriques.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Messaging.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds the event to the outbox of this context: it is committed by the same <c>SaveChanges</c> as the state
    /// change that raised it, and published by the relay afterwards. A rolled-back change publishes nothing.
    /// </summary>
    public static void Publish(this DbContext db, IntegrationEvent @event)
    {
        var activity = Activity.Current;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            EventId = @event.EventId,
            Type = EventTypes.Of(@event.GetType()),
            AggregateId = @event.AggregateId,
            Payload = EventSerializer.Serialize(@event),
            OccurredAt = @event.OccurredAt,
            TraceParent = activity?.Id,
            TraceState = activity?.TraceStateString is { Length: <= MessagingModel.TraceStateMaxLength } traceState ? traceState : null,
            CorrelationId = CorrelationId.Accept(CorrelationId.Current),
            CreatedAt = DateTimeOffset.UtcNow,
        });
        db.WakeAfterCommit<OutboxSignal>();
    }
}
