namespace Fabriques.Notification.Domain;

public enum EmailStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One e-mail to a person about one event, rendered once when the event arrived and kept: the sender reads
/// pending e-mails from the database, so a restart loses none, and (event, template) is unique, so a
/// redelivered event never writes a second one.
/// </summary>
public sealed class Email
{
    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public string EventType { get; private set; } = "";
    public string Template { get; private set; } = "";
    /// <summary>Subject (<c>sub</c>) of the porteur the e-mail is about: they may read it.</summary>
    public string OwnerId { get; private set; } = "";
    public string To { get; private set; } = "";
    public string RecipientName { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public EmailStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the sender may take it (again); null once sent or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>
    /// W3C trace context of the consumption of the event, so the send continues the event's trace whichever replica
    /// sends it and however late.
    /// </summary>
    public string? TraceParent { get; private set; }
    /// <summary>Correlation id of the request that raised the event, for the sender's logs and span.</summary>
    public string? CorrelationId { get; private set; }

    private Email()
    {
    }

    public static Email Write(
        Guid eventId, string eventType, EmailDraft draft, RenderedEmail rendered, DateTimeOffset now,
        string? traceParent, string? correlationId) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventId = eventId,
        EventType = eventType,
        Template = draft.Template,
        OwnerId = draft.OwnerId,
        To = draft.Recipient.Email,
        RecipientName = draft.Recipient.Name,
        Subject = rendered.Subject,
        HtmlBody = rendered.Html,
        TextBody = rendered.Text,
        Status = EmailStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
        TraceParent = traceParent,
        CorrelationId = correlationId,
    };

    public void Sent(DateTimeOffset now)
    {
        Attempts++;
        Status = EmailStatus.Sent;
        SentAt = now;
        NextAttemptAt = null;
        LastError = null;
    }

    /// <summary>A failed attempt: tried again later, unless <paramref name="permanent"/> or the schedule gives up.</summary>
    public void Failed(string error, bool permanent, RetrySchedule schedule, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length <= 2000 ? error : error[..2000];
        NextAttemptAt = permanent ? null : schedule.NextAttempt(Attempts, CreatedAt, now);
        Status = NextAttemptAt is null ? EmailStatus.Failed : EmailStatus.Pending;
    }
}

/// <summary>What an e-mail says, before rendering: its template, whom it is for and the values it shows.</summary>
public sealed record EmailDraft(string Template, string OwnerId, Contracts.Contact Recipient, IReadOnlyDictionary<string, object?> Model);

public sealed record RenderedEmail(string Subject, string Html, string Text);
