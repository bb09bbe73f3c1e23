using System.Text.Json;
using System.Text.Json.Serialization;
using Fabriques.Contracts;

namespace Fabriques.Messaging;

/// <summary>
/// The JSON form of events in the outbox and in the event feed: camelCase, web defaults, numbers only as JSON numbers
/// (so the published schemas say <c>number</c>, never "number or string").
/// </summary>
public static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Serialize(IntegrationEvent @event) => JsonSerializer.Serialize(@event, @event.GetType(), Options);
}
