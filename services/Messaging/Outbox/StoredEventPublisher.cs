using System.Collections.Concurrent;
using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fabriques.Contracts;
using Fabriques.ServiceDefaults;
using MassTransit;
using MassTransit.Serialization;

namespace Fabriques.Messaging.Outbox;

/// <summary>
/// Publishes an outbox row without deserialising its event: MassTransit builds the same envelope as for a publish of
/// the event itself (message id, addresses, message types, headers, trace context), on the event type's exchange, and
/// the stored JSON goes in as its <c>message</c>, as is. This is how MassTransit's own outbox delivers the messages it
/// stored (<see cref="SerializedMessageBody"/>).
/// </summary>
internal static class StoredEventPublisher
{
    private static readonly ConcurrentDictionary<string, Target> Targets = new();

    public static async Task PublishAsync(IBus bus, OutboxMessage message, CancellationToken cancellationToken)
    {
        var target = Targets.GetOrAdd(message.Type, Target.Of);
        var endpoint = await target.Endpoint(bus);
        var correlationId = message.CorrelationId;
        await endpoint.Send(new SerializedMessageBody(), Pipe.Execute<SendContext<SerializedMessageBody>>(context =>
        {
            context.MessageId = message.EventId;
            // What MassTransit's convention takes from the event's EventId when it publishes the event object.
            context.CorrelationId = message.EventId;
            context.Durable = true;
            context.SupportedMessageTypes = target.MessageTypes;
            if (correlationId is not null)
            {
                context.Headers.Set(CorrelationId.HeaderName, correlationId);
            }
            context.Serializer = new EnvelopeAround(message.Payload);
        }), cancellationToken);
    }

    /// <summary>The publish endpoint of an event type (its exchange, declared with the same topology as a publish) and its message types.</summary>
    private sealed record Target(Func<IBus, Task<ISendEndpoint>> Endpoint, string[] MessageTypes)
    {
        public static Target Of(string type)
        {
            var eventType = EventTypes.TryResolve(type, out var resolved)
                ? resolved
                : throw new InvalidOperationException($"Unknown event type '{type}'.");
            var endpoint = typeof(Target).GetMethod(nameof(PublishEndpointOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(eventType)
                .CreateDelegate<Func<IBus, Task<ISendEndpoint>>>();
            return new Target(endpoint, MessageTypeCache.GetMessageTypeNames(eventType));
        }

        private static Task<ISendEndpoint> PublishEndpointOf<TEvent>(IBus bus) where TEvent : class => bus.GetPublishSendEndpoint<TEvent>();
    }

    /// <summary>MassTransit's JSON envelope, built from the send context, around a message that is already JSON.</summary>
    private sealed class EnvelopeAround(string json) : IMessageSerializer
    {
        public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

        public MessageBody GetMessageBody<T>(SendContext<T> context) where T : class =>
            new SystemTextJsonMessageBody<T>(context, SystemTextJsonMessageSerializer.Options, new JsonMessageEnvelope(context, new RawJson(json)));
    }

    /// <summary>JSON written as is: the outbox's <c>jsonb</c> column only holds valid JSON.</summary>
    [JsonConverter(typeof(Converter))]
    private sealed record RawJson(string Json)
    {
        private sealed class Converter : JsonConverter<RawJson>
        {
            public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("Stored JSON is only written.");

            public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
                writer.WriteRawValue(value.Json, skipInputValidation: true);
        }
    }
}
