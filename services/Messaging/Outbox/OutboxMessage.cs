namespace Fabriques.Messaging.Outbox;

/// <summary>An integration event stored with the state change that raised it, waiting for the relay.</summary>
public sealed class OutboxMessage
{
    /// <summary>Database sequence: the publication order.</summary>
    public long Id { get; set; }
    public Guid EventId { get; set; }
    /// <summary>CloudEvents type of the event (see <c>EventTypes</c>).</summary>
    public required string Type { get; set; }
    public Guid AggregateId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>W3C trace context of the request that raised the event, so the consumer continues its trace.</summary>
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    /// <summary>
    /// Correlation id of the request that raised the event: the relay sends it as the <c>X-Correlation-Id</c> header,
    /// so the consumers' logs carry the id of the request.
    /// </summary>
    public string? CorrelationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
