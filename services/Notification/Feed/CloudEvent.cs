using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fabriques.Contracts;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging;

namespace Fabriques.Notification.Feed;

/// <summary>
/// An event of the platform as partners receive it, in the feed and in webhooks alike: a CloudEvent 1.0 in
/// structured JSON mode, whose <c>data</c> is the event's partner projection (never the internal event, which may
/// carry personal data), and whose <c>dataschema</c> names that projection's version.
/// </summary>
/// <remarks>
/// A webhook's CloudEvent also carries <c>traceparent</c>/<c>tracestate</c> (the CloudEvents distributed tracing
/// extension): the trace of the event, stored with the delivery, so every attempt, even days later, continues it.
/// </remarks>
public sealed record CloudEvent(
    string Specversion, string Id, string Source, string Type, string Subject, DateTimeOffset Time,
    string Datacontenttype, JsonElement Data)
{
    public const string MediaType = "application/cloudevents+json";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? Dataschema { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Traceparent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tracestate { get; init; }

    /// <summary>This event in the trace of <paramref name="activity"/>.</summary>
    public CloudEvent InTrace(Activity? activity) => activity is null
        ? this
        : this with { Traceparent = activity.Id, Tracestate = activity.TraceStateString };

    /// <summary>The trace context a structured-mode body carries, or none.</summary>
    public static ActivityContext TraceContextOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty("traceparent", out var parent)
               && ActivityContext.TryParse(parent.GetString(), root.TryGetProperty("tracestate", out var state) ? state.GetString() : null, out var context)
            ? context
            : default;
    }

    /// <summary>The partner CloudEvent of an internal event: its public projection only.</summary>
    public static CloudEvent From(IntegrationEvent @event)
    {
        var payload = PartnerProjection.Project(@event);
        return new CloudEvent(
            "1.0", @event.EventId.ToString(), EventTypes.SourceOf(@event.GetType()), EventTypes.Of(@event.GetType()),
            @event.AggregateId.ToString(), @event.OccurredAt, "application/json",
            JsonSerializer.SerializeToElement(payload, payload.GetType(), EventSerializer.Options))
        {
            Dataschema = PartnerProjection.DataSchemaOf(@event.GetType()),
        };
    }

    public static CloudEvent From(FeedEvent e) => new(
        "1.0", e.EventId.ToString(), e.Source, e.Type, e.Subject, e.Time, "application/json",
        JsonDocument.Parse(e.Data).RootElement)
    {
        Dataschema = EventTypes.TryResolve(e.Type, out var eventType) ? PartnerProjection.DataSchemaOf(eventType) : null,
    };

    /// <summary>The structured-mode body: what a webhook POSTs and signs.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, EventSerializer.Options);
}
