namespace Fabriques.Notification.Feed;

/// <summary>An event of the platform as partners read it in the feed: its CloudEvents attributes and data.</summary>
public sealed class FeedEvent
{
    /// <summary>Position in the feed, the cursor partners resume from.</summary>
    public long Position { get; set; }
    public Guid EventId { get; set; }
    public required string Type { get; set; }
    public required string Source { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset Time { get; set; }
    public required string Data { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>When the partners' exchange confirmed it (see <c>PartnerExchangeRelay</c>); null while waiting.</summary>
    public DateTimeOffset? PublishedToBrokerAt { get; set; }

    public static FeedEvent From(CloudEvent cloudEvent, DateTimeOffset receivedAt) => new()
    {
        EventId = Guid.Parse(cloudEvent.Id),
        Type = cloudEvent.Type,
        Source = cloudEvent.Source,
        Subject = cloudEvent.Subject,
        Time = cloudEvent.Time,
        Data = cloudEvent.Data.GetRawText(),
        ReceivedAt = receivedAt,
    };
}
