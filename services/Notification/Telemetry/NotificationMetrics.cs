using System.Diagnostics.Metrics;
using System.Text.Json;
using Fabriques.Notification.Domain;

namespace Fabriques.Notification.Telemetry;

/// <summary>The <c>Fabriques.Notification</c> meter: what became of the e-mails and webhook POSTs.</summary>
public sealed class NotificationMetrics : IDisposable
{
    public const string Name = "Fabriques.Notification";

    /// <summary>The <c>outcome</c> tag values of <c>fabriques.emails</c>.</summary>
    public const string Sent = "sent";
    public const string Retried = "retried";
    public const string Failed = "failed";

    private readonly Meter _meter;
    private readonly Counter<long> _emails;
    private readonly Counter<long> _webhookAttempts;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _emails = _meter.CreateCounter<long>("fabriques.emails", "{email}",
            "E-mail attempts by outcome (sent: accepted by the SMTP server; retried: failed, tried again later; failed: given up) and template.");
        _webhookAttempts = _meter.CreateCounter<long>("fabriques.webhooks.deliveries", "{attempt}",
            "Webhook POSTs by outcome (succeeded, failed, timed-out, unreachable, refused) and HTTP status class of the answer (2xx…5xx, none).");
    }

    /// <summary>Records what the SMTP attempt did to <paramref name="email"/> (called once its status is updated).</summary>
    public void EmailAttempted(Email email) =>
        _emails.Add(1,
            new KeyValuePair<string, object?>("outcome", email.Status switch
            {
                EmailStatus.Sent => Sent,
                EmailStatus.Pending => Retried,
                _ => Failed,
            }),
            new KeyValuePair<string, object?>("template", email.Template));

    public void WebhookAttempted(AttemptStatus outcome, int? httpStatus) =>
        _webhookAttempts.Add(1,
            new KeyValuePair<string, object?>("outcome", JsonNamingPolicy.KebabCaseLower.ConvertName(outcome.ToString())),
            new KeyValuePair<string, object?>("http.status_class", httpStatus is { } status ? $"{status / 100}xx" : "none"));

    public void Dispose() => _meter.Dispose();
}
