using System.Text.Json;
using Fabriques.Contracts;
using Fabriques.Messaging;

namespace Fabriques.Notification.Feed;

/// <summary>
/// An event of the platform as partners receive it, in the feed and in webhooks alike: a CloudEvent 1.0 in
/// structured JSON mode, whose <c>data</c> is the event exactly as it was published.
/// </summary>
public sealed record CloudEvent(
    string Specversion, string Id, string Source, string Type, string Subject, DateTimeOffset Time,
    string Datacontenttype, JsonElement Data)
{
    public const string MediaType = "application/cloudevents+json";

    public static CloudEvent From(IntegrationEvent @event) => new(
        "1.0", @event.EventId.ToString(), EventTypes.SourceOf(@event.GetType()), EventTypes.Of(@event.GetType()),
        @event.AggregateId.ToString(), @event.OccurredAt, "application/json",
        JsonSerializer.SerializeToElement(@event, @event.GetType(), EventSerializer.Options));

    public static CloudEvent From(FeedEvent e) => new(
        "1.0", e.EventId.ToString(), e.Source, e.Type, e.Subject, e.Time, "application/json",
        JsonDocument.Parse(e.Data).RootElement);

    /// <summary>The structured-mode body: what a webhook POSTs and signs.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EventSerializer.Options);
}
