namespace Fabriques.Messaging.Inbox;

/// <summary>An event a consumer has handled: written in the same transaction as the consumer's effect.</summary>
public sealed class InboxMessage
{
    public Guid EventId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
