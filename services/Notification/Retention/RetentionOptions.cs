namespace Fabriques.Notification.Retention;

/// <summary>Configuration section <c>Retention</c>: how long what this service keeps about people and partners lives.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Events of the partners' feed (<c>GET /events</c>): a partner down longer than this has to resynchronise.</summary>
    public TimeSpan FeedEvents { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Webhook deliveries and their attempts, counted from when the event arrived.</summary>
    public TimeSpan DeliveryLogs { get; set; } = TimeSpan.FromDays(400);

    /// <summary>Bodies of e-mails (they repeat the motivations sent to the porteur); the envelope stays until <see cref="Emails"/>.</summary>
    public TimeSpan EmailBodies { get; set; } = TimeSpan.FromDays(90);

    /// <summary>E-mails themselves (recipient, subject, status), the proof that a porteur was told.</summary>
    public TimeSpan Emails { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often the janitor purges.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
