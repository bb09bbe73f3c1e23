using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fabriques.Contracts;
using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Directory;
using Fabriques.ServiceDefaults;
using Fabriques.Testing;
using Fabriques.Testing.Messaging;
using MassTransit;
using RabbitMQ.Client;

namespace Fabriques.Messaging.Tests;

/// <summary>
/// The relay publishes the outbox's stored JSON without deserialising it: what reaches the broker is still the message
/// MassTransit sends when it publishes the event object itself, read here as a raw AMQP subscriber would.
/// </summary>
public sealed class RelayedMessageTests(Infrastructure infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_relayed_event_is_the_message_MassTransit_publishes_for_the_event_itself()
    {
        // Traced, so that both carry MassTransit's trace header (its send span exists only when someone listens).
        using var listener = ActivityRecorder.ListenToEverything();
        var (service, broker) = await StartServiceAsync();
        await using var _ = service;
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync(Ct);
        var queue = await BindQueueAsync(connection, EventTypes.Of<PlaceRegistered>());
        var relayed = TestService.NewEvent("Relayé");
        var published = TestService.NewEvent("Publié");

        var correlationId = CorrelationId.New();

        string traceId;
        using (var request = new ActivitySource("Fabriques.Tests").StartActivity("POST /places"))
        {
            traceId = request!.TraceId.ToString();
            CorrelationId.Current = correlationId;
            await service.RaiseAsync([relayed]);
            CorrelationId.Current = null;
        }
        // What the relay sent before it kept the stored JSON: the event object, with its id and the correlation id.
        await service.Bus.Publish(published, context =>
        {
            context.MessageId = published.EventId;
            context.Durable = true;
            context.Headers.Set(CorrelationId.HeaderName, correlationId);
        }, Ct);

        var messages = await ReceiveAsync(connection, queue, relayed.EventId, published.EventId);
        var (fromRelay, fromBus) = (messages[relayed.EventId], messages[published.EventId]);
        Assert.Equal(fromBus.BasicProperties.ContentType, fromRelay.BasicProperties.ContentType);
        Assert.Equal(fromBus.BasicProperties.Persistent, fromRelay.BasicProperties.Persistent);
        Assert.Equal(relayed.EventId.ToString(), fromRelay.BasicProperties.CorrelationId);
        Assert.Equal(
            fromBus.BasicProperties.Headers!.Keys.Order(StringComparer.Ordinal),
            fromRelay.BasicProperties.Headers!.Keys.Order(StringComparer.Ordinal));

        var (relayEnvelope, busEnvelope) = (Envelope(fromRelay), Envelope(fromBus));
        Assert.Equal(
            busEnvelope.Select(p => p.Key).Order(StringComparer.Ordinal),
            relayEnvelope.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var field in new[] { "sourceAddress", "destinationAddress", "messageType", "host" })
        {
            Assert.True(JsonNode.DeepEquals(busEnvelope[field], relayEnvelope[field]), $"{field}: {relayEnvelope[field]} instead of {busEnvelope[field]}");
        }
        Assert.Equal(relayed.EventId.ToString(), (string?)relayEnvelope["messageId"]);
        Assert.Equal(relayed.EventId.ToString(), (string?)relayEnvelope["correlationId"]);
        Assert.Equal(
            busEnvelope["headers"]!.AsObject().Select(h => h.Key).Order(StringComparer.Ordinal),
            relayEnvelope["headers"]!.AsObject().Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(correlationId, (string?)relayEnvelope["headers"]![CorrelationId.HeaderName]);
        // The consumer's span continues the request that raised the event.
        Assert.Contains(traceId, (string?)relayEnvelope["headers"]!["MT-Activity-Id"]);
        Assert.Equal((string?)relayEnvelope["headers"]!["MT-Activity-Id"], Encoding.UTF8.GetString((byte[])fromRelay.BasicProperties.Headers!["MT-Activity-Id"]!));
        Assert.True(JsonNode.DeepEquals(Json(relayed), relayEnvelope["message"]), $"message: {relayEnvelope["message"]}");
        Assert.True(JsonNode.DeepEquals(Json(published), busEnvelope["message"]), "MassTransit's own message is the event's JSON too");
    }

    [Fact]
    public async Task A_subscriber_receives_the_event_that_was_raised_decimals_and_enums_included()
    {
        var (service, broker) = await StartServiceAsync();
        await using var _ = service;
        await using var probe = await EventProbe<CandidatureAccepted>.StartAsync(broker);
        var accepted = new CandidatureAccepted
        {
            CandidatureId = Guid.CreateVersion7(),
            PlaceId = Guid.CreateVersion7(),
            OwnerId = "porteur-1",
            Contact = new Contact("Tiers-lieu « L'Établi »", "Zoé Müller", "zoe@example.org"),
            ProjectTitle = "Atelier <numérique> & fablab",
            Sequence = 3,
            WaveId = Guid.CreateVersion7(),
            Territory = TerritoryKind.OutsideLargeUrbanCentres,
            Digital = true,
            AmountPerYear = 75_000.50m,
            DurationYears = 3,
            DepartmentCode = "2A",
            Score = 17.25m,
        };

        await service.RaiseAsync([accepted]);

        var received = await probe.WaitForAsync(e => e.EventId == accepted.EventId, Patience);
        Assert.Equal(accepted, received.Message);
        Assert.Equal(accepted.EventId, received.MessageId);
    }

    private async Task<(TestService Service, string Broker)> StartServiceAsync()
    {
        var database = await infrastructure.CreateDatabaseAsync("messaging");
        await TestService.CreateSchemaAsync(database);
        var broker = await infrastructure.CreateVirtualHostAsync("messaging");
        return (await TestService.StartAsync(database, broker), broker);
    }

    /// <summary>A queue of the test's own bound to the exchange of <paramref name="eventType"/>, as MassTransit declares it.</summary>
    private static async Task<string> BindQueueAsync(IConnection connection, string eventType)
    {
        Assert.True(EventTypes.TryResolve(eventType, out var type));
        var exchange = $"{type.Namespace}:{type.Name}";
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: Ct);
        var queue = (await channel.QueueDeclareAsync($"raw-{Guid.NewGuid():N}", durable: false, exclusive: false, autoDelete: false, cancellationToken: Ct)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "", cancellationToken: Ct);
        return queue;
    }

    private static async Task<Dictionary<Guid, BasicGetResult>> ReceiveAsync(IConnection connection, string queue, params Guid[] eventIds)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        var messages = new Dictionary<Guid, BasicGetResult>();
        await Eventually.SucceedsAsync(async () =>
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, Ct) is { } message)
            {
                messages[Guid.Parse(message.BasicProperties.MessageId!)] = message;
            }
            return eventIds.All(messages.ContainsKey);
        }, Patience, "not every event reached the queue");
        return messages;
    }

    private static JsonObject Envelope(BasicGetResult message) => JsonNode.Parse(Encoding.UTF8.GetString(message.Body.Span))!.AsObject();

    private static JsonNode? Json(IntegrationEvent @event) => JsonSerializer.SerializeToNode(@event, @event.GetType(), EventSerializer.Options);
}
