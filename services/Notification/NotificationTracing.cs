using System.Diagnostics;

namespace Fabriques.Notification;

/// <summary>
/// Spans of the work the service does after an event, outside the consumer: sending an e-mail, delivering a webhook.
/// Each continues the trace of the event that caused it, so a business flow reads as one trace.
/// </summary>
public static class NotificationTracing
{
    public static readonly ActivitySource Source = new("Fabriques.Notification");
}
