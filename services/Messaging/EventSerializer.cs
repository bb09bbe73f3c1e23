using System.Text.Json;
using Fabriques.Contracts;

namespace Fabriques.Messaging;

/// <summary>The JSON form of events in the outbox and in the event feed: camelCase, web defaults.</summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(IntegrationEvent @event) => JsonSerializer.Serialize(@event, @event.GetType(), Options);

    public static IntegrationEvent Deserialize(string type, string payload) =>
        EventTypes.TryResolve(type, out var clrType)
            ? (IntegrationEvent)(JsonSerializer.Deserialize(payload, clrType, Options)
                                 ?? throw new JsonException($"Empty payload for {type}."))
            : throw new InvalidOperationException($"Unknown event type '{type}'.");
}
