using System.Diagnostics;
using Fabriques.Contracts;
using Fabriques.Messaging;
using Fabriques.Messaging.Background;
using Fabriques.Messaging.Inbox;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Emails;
using Fabriques.ServiceDefaults;

namespace Fabriques.Notification.Consumers;

/// <summary>
/// Writes the e-mail an event calls for, rendered from its template, for the sender to deliver. Written in the
/// same transaction as the inbox record: a redelivered event writes nothing more.
/// </summary>
public sealed class EmailConsumer<TEvent>(
    NotificationDbContext db, MessagingMetrics metrics, TimeProvider time, EmailTemplates templates)
    : IdempotentConsumer<TEvent, NotificationDbContext>(db, metrics, time)
    where TEvent : IntegrationEvent
{
    protected override string ConsumerName => "emails";

    protected override Task HandleAsync(TEvent @event, CancellationToken cancellationToken)
    {
        if (EmailDrafts.For(@event) is not { } draft)
        {
            return Task.CompletedTask;
        }
        // The consumption's trace context and the request's correlation id go with the e-mail, into its row.
        Db.Emails.Add(Email.Write(@event.EventId, EventTypes.Of<TEvent>(), draft, templates.Render(draft), Time.GetUtcNow(),
            Activity.Current?.Id, CorrelationId.Accept(CorrelationId.Current)));
        Db.WakeAfterCommit<EmailSignal>();
        return Task.CompletedTask;
    }
}
