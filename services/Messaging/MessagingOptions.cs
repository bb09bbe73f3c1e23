namespace Fabriques.Messaging;

/// <summary>Configuration section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>Events the relay takes per transaction.</summary>
    public int RelayBatchSize { get; set; } = 200;

    /// <summary>
    /// How often the relay looks for events when no commit of this process woke it up: only a safety net for events
    /// another replica wrote and could not publish (it crashed), so it is long, to cost nothing while idle.
    /// </summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the relay, woken by a commit, waits for others before reading its batch.</summary>
    public TimeSpan RelayCoalescingWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest wait between two relay attempts while the broker or the database is down.</summary>
    public TimeSpan RelayMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redelivery delays of a failing consumer before its message goes to the <c>_error</c> queue.</summary>
    public TimeSpan[] ConsumerRetryIntervals { get; set; } =
        [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    /// <summary>
    /// Messages RabbitMQ hands each receive endpoint ahead of their acknowledgements, and how many it consumes at
    /// once (an endpoint that sets its own limit, such as the event feed's one at a time, keeps it).
    /// </summary>
    public int ConsumerPrefetch { get; set; } = 64;

    /// <summary>
    /// Most events a consumer commits in one transaction; 1 consumes each event on its own. A consumer runs up to
    /// <see cref="ConsumerPrefetch"/> / this many batches at once.
    /// </summary>
    public int ConsumerBatchSize { get; set; } = 16;

    /// <summary>How long sent outbox rows and processed inbox rows are kept (the inbox must outlive any redelivery).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old rows are purged and the dead letters counted.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Age of the oldest unpublished event past which the <c>outbox</c> readiness check reports Degraded.</summary>
    public TimeSpan OutboxLagDegradedAfter { get; set; } = TimeSpan.FromMinutes(1);
}
