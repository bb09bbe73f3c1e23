using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Schema;
using Fabriques.Contracts;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// Writes the AsyncAPI 3.0 description of every integration event from the <c>Contracts</c> assembly: one channel per
/// RabbitMQ exchange (MassTransit names an exchange after the message type), one message per event, its JSON schema.
/// </summary>
public static class AsyncApiDocument
{
    public static string Generate()
    {
        var events = EventTypes.All.OrderBy(t => EventTypes.Of(t), StringComparer.Ordinal).ToList();
        var yaml = new StringBuilder();
        yaml.AppendLine("# Generated from services/Contracts by tests/Fabriques.Architecture.Tests (AsyncApiDocumentTests).");
        yaml.AppendLine("# To refresh after a contract change: eng/regenerate-documents.sh");
        yaml.AppendLine("asyncapi: 3.0.0");
        yaml.AppendLine("info:");
        yaml.AppendLine("  title: Fabriques de Territoire — integration events");
        yaml.AppendLine("  version: 1.0.0");
        yaml.AppendLine("  description: >-");
        yaml.AppendLine("    Events the platform's services publish on RabbitMQ (MassTransit, fanout exchange per event type, JSON");
        yaml.AppendLine("    envelope with the event under `message`); internal events may carry personal data their consumers need.");
        yaml.AppendLine("    Partners receive, as CloudEvents 1.0 from the event feed and webhooks, only the public projection");
        yaml.AppendLine("    (messages Partner*, version v1), also on RabbitMQ's partners' exchange. Schemas come from the serializer");
        yaml.AppendLine("    itself. Contracts only grow within v1.");
        yaml.AppendLine("defaultContentType: application/vnd.masstransit+json");
        yaml.AppendLine("servers:");
        yaml.AppendLine("  rabbitmq:");
        yaml.AppendLine("    host: messaging:5672");
        yaml.AppendLine("    protocol: amqp");
        yaml.AppendLine("    protocolVersion: 0.9.1");
        yaml.AppendLine("  gateway:");
        yaml.AppendLine("    host: localhost:5080");
        yaml.AppendLine("    protocol: http");
        yaml.AppendLine("channels:");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  {type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    address: '{Exchange(type)}'");
            yaml.AppendLine("    servers:");
            yaml.AppendLine("      - $ref: '#/servers/rabbitmq'");
            yaml.AppendLine("    messages:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      {type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        $ref: '#/components/messages/{type.Name}'");
            AppendExchangeBinding(yaml, $"'{Exchange(type)}'", "fanout");
        }
        yaml.AppendLine("  partnerEvents:");
        yaml.AppendLine("    address: /api/notifications/events");
        yaml.AppendLine("    description: >-");
        yaml.AppendLine("      What partners receive, in the event feed and in webhooks: CloudEvents 1.0 whose data is the public");
        yaml.AppendLine("      projection below (no personal data). The feed is read with GET, webhooks are POSTed to subscribers.");
        yaml.AppendLine("    servers:");
        yaml.AppendLine("      - $ref: '#/servers/gateway'");
        AppendPartnerMessages(yaml, events);
        yaml.AppendLine("  partnerBroker:");
        yaml.AppendLine("    address: '{eventType}'");
        yaml.AppendLine("    description: >-");
        yaml.AppendLine("      The same public events on RabbitMQ, for partners given a broker account by a gestionnaire");
        yaml.AppendLine("      (POST /api/notifications/brokers/accounts): CloudEvents 1.0 in structured mode (AMQP binding:");
        yaml.AppendLine("      content-type application/cloudevents+json, message-id = the CloudEvents id; the payload below is its");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"      data) on the topic exchange {PartnerExchange.Name}, routing key = the CloudEvents type. The account may");
        yaml.AppendLine("      declare, bind and read only queues named after it ({username}.anything), bound to this exchange with");
        yaml.AppendLine("      a pattern such as fr.anct.fabriques.grant.* or #; nothing else.");
        yaml.AppendLine("    parameters:");
        yaml.AppendLine("      eventType:");
        yaml.AppendLine("        description: CloudEvents type of the event, its routing key.");
        yaml.AppendLine("        enum:");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"          - {EventTypes.Of(type)}");
        }
        yaml.AppendLine("    servers:");
        yaml.AppendLine("      - $ref: '#/servers/rabbitmq'");
        AppendPartnerMessages(yaml, events);
        AppendExchangeBinding(yaml, PartnerExchange.Name, PartnerExchange.Type);
        yaml.AppendLine("operations:");
        yaml.AppendLine("  receivePartnerEvents:");
        yaml.AppendLine("    action: receive");
        yaml.AppendLine("    channel:");
        yaml.AppendLine("      $ref: '#/channels/partnerEvents'");
        yaml.AppendLine("  receivePartnerBrokerEvents:");
        yaml.AppendLine("    action: receive");
        yaml.AppendLine("    channel:");
        yaml.AppendLine("      $ref: '#/channels/partnerBroker'");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  publish{type.Name}:");
            yaml.AppendLine("    action: send");
            yaml.AppendLine("    channel:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      $ref: '#/channels/{type.Name}'");
        }
        yaml.AppendLine("components:");
        yaml.AppendLine("  messages:");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    {type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      name: {type.Name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      title: {EventTypes.Of(type)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      summary: 'CloudEvents type {EventTypes.Of(type)}, source {EventTypes.SourceOf(type)}'");
            yaml.AppendLine("      payload:");
            WriteSchema(yaml, type, 8);
        }
        foreach (var type in events)
        {
            var payload = PartnerProjection.PayloadTypeOf(type);
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    Partner{type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      name: Partner{type.Name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      title: {EventTypes.Of(type)} (partners, {PartnerProjection.Version})");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      summary: 'Public payload ({payload.Name}): data of the CloudEvent of type {EventTypes.Of(type)}, dataschema {PartnerProjection.DataSchemaOf(type)}'");
            yaml.AppendLine("      contentType: application/json");
            yaml.AppendLine("      payload:");
            WriteSchema(yaml, payload, 8);
        }
        return yaml.ToString();
    }

    /// <summary>A channel's messages: the public payload of each event.</summary>
    private static void AppendPartnerMessages(StringBuilder yaml, IEnumerable<Type> events)
    {
        yaml.AppendLine("    messages:");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      Partner{type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        $ref: '#/components/messages/Partner{type.Name}'");
        }
    }

    /// <summary>A channel's AMQP binding: a durable exchange, the channel's address as routing key.</summary>
    private static void AppendExchangeBinding(StringBuilder yaml, string name, string type)
    {
        yaml.AppendLine("    bindings:");
        yaml.AppendLine("      amqp:");
        yaml.AppendLine("        is: routingKey");
        yaml.AppendLine("        exchange:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"          name: {name}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"          type: {type}");
        yaml.AppendLine("          durable: true");
        yaml.AppendLine("          autoDelete: false");
    }

    /// <summary>MassTransit's exchange name for a message type: <c>Namespace:TypeName</c>.</summary>
    private static string Exchange(Type type) => $"{type.Namespace}:{type.Name}";

    /// <summary>
    /// The payload's JSON schema as the platform's serializer writes it (System.Text.Json's exporter on
    /// <see cref="EventSerializer.Options"/>): nullable members say so, required ones are listed. JSON is YAML.
    /// </summary>
    private static void WriteSchema(StringBuilder yaml, Type type, int indent)
    {
        EventSerializer.Options.MakeReadOnly(populateMissingResolver: true);
        var schema = EventSerializer.Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
        });
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{new string(' ', indent)}{schema.ToJsonString(Compact)}");
    }

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

}
