using System.Diagnostics;
using Fabriques.Contracts;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Emails;

namespace Fabriques.Notification.Consumers;

/// <summary>
/// Writes the e-mail an event calls for, rendered from its template, for the sender to deliver. Written in the
/// same transaction as the inbox record: a redelivered event writes nothing more.
/// </summary>
public sealed class EmailConsumer<TEvent>(
    NotificationDbContext db, MessagingMetrics metrics, TimeProvider time, EmailTemplates templates, EmailTraces traces)
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
        Db.Emails.Add(Email.Write(@event.EventId, EventTypes.Of<TEvent>(), draft, templates.Render(draft), Time.GetUtcNow()));
        if (Activity.Current is { } consuming)
        {
            traces.Remember(@event.EventId, draft.Template, consuming.Context);
        }
        return Task.CompletedTask;
    }
}
