namespace Fabriques.Messaging;

/// <summary>Configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Events the relay takes per transaction.</summary>
    public int RelayBatchSize { get; set; } = 200;

    /// <summary>How often the relay looks for events written by other replicas when nothing woke it up.</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two relay attempts while the broker or the database is down.</summary>
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redelivery delays of a failing consumer before its message goes to the <c>_error</c> queue.</summary>
    public TimeSpan[] ConsumerRetryIntervals { get; set; } =
        [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>How long sent outbox rows and processed inbox rows are kept (the inbox must outlive any redelivery).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old rows are purged and the dead letters counted.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Age of the oldest unpublished event past which the <c>outbox</c> readiness check reports Degraded.</summary>
    public TimeSpan OutboxLagDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);
}
