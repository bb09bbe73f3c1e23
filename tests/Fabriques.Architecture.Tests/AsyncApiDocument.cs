using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fabriques.Contracts;

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
        yaml.AppendLine("# To refresh after a contract change: UPDATE_ASYNCAPI=1 dotnet test tests/Fabriques.Architecture.Tests");
        yaml.AppendLine("asyncapi: 3.0.0");
        yaml.AppendLine("info:");
        yaml.AppendLine("  title: Fabriques de Territoire — integration events");
        yaml.AppendLine("  version: 1.0.0");
        yaml.AppendLine("  description: >-");
        yaml.AppendLine("    Events the platform's services publish on RabbitMQ (MassTransit, fanout exchange per event type, JSON");
        yaml.AppendLine("    envelope with the event under `message`). Partners receive the same events as CloudEvents 1.0 from the");
        yaml.AppendLine("    event feed and webhooks, with `type` as below. Contracts only grow within v1.");
        yaml.AppendLine("defaultContentType: application/vnd.masstransit+json");
        yaml.AppendLine("servers:");
        yaml.AppendLine("  rabbitmq:");
        yaml.AppendLine("    host: messaging:5672");
        yaml.AppendLine("    protocol: amqp");
        yaml.AppendLine("    protocolVersion: 0.9.1");
        yaml.AppendLine("channels:");
        foreach (var type in events)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  {type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    address: '{Exchange(type)}'");
            yaml.AppendLine("    messages:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      {type.Name}:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        $ref: '#/components/messages/{type.Name}'");
            yaml.AppendLine("    bindings:");
            yaml.AppendLine("      amqp:");
            yaml.AppendLine("        is: routingKey");
            yaml.AppendLine("        exchange:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"          name: '{Exchange(type)}'");
            yaml.AppendLine("          type: fanout");
            yaml.AppendLine("          durable: true");
            yaml.AppendLine("          autoDelete: false");
        }
        yaml.AppendLine("operations:");
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
            WriteObject(yaml, type, 8);
        }
        return yaml.ToString();
    }

    /// <summary>MassTransit's exchange name for a message type: <c>Namespace:TypeName</c>.</summary>
    private static string Exchange(Type type) => $"{type.Namespace}:{type.Name}";

    private static void WriteObject(StringBuilder yaml, Type type, int indent)
    {
        var pad = new string(' ', indent);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}type: object");
        var required = properties.Where(IsRequired).Select(p => JsonName(p.Name)).ToList();
        if (required.Count > 0)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}required: [{string.Join(", ", required)}]");
        }
        yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}properties:");
        foreach (var property in properties)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}  {JsonName(property.Name)}:");
            WriteSchema(yaml, property.PropertyType, indent + 4);
        }
    }

    private static void WriteSchema(StringBuilder yaml, Type type, int indent)
    {
        var pad = new string(' ', indent);
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var scalar = underlying switch
        {
            _ when underlying == typeof(string) => "type: string",
            _ when underlying == typeof(Guid) => "type: string, format: uuid",
            _ when underlying == typeof(DateTimeOffset) => "type: string, format: date-time",
            _ when underlying == typeof(DateOnly) => "type: string, format: date",
            _ when underlying == typeof(int) => "type: integer",
            _ when underlying == typeof(decimal) => "type: number",
            _ when underlying == typeof(bool) => "type: boolean",
            _ => null,
        };
        if (scalar is not null)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}{scalar.Replace(", ", $"\n{pad}", StringComparison.Ordinal)}");
        }
        else if (underlying.IsEnum)
        {
            var names = underlying.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(f.Name));
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}type: string");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}enum: [{string.Join(", ", names)}]");
        }
        else if (underlying.IsGenericType && underlying.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(underlying))
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}type: array");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"{pad}items:");
            WriteSchema(yaml, item, indent + 2);
        }
        else
        {
            WriteObject(yaml, underlying, indent);
        }
    }

    /// <summary>Required: <c>required</c> members, positional record parameters, and the id and time of every event.</summary>
    private static bool IsRequired(PropertyInfo property) =>
        property.GetCustomAttribute<RequiredMemberAttribute>() is not null
        || property.Name is nameof(IntegrationEvent.EventId) or nameof(IntegrationEvent.OccurredAt)
        || property.DeclaringType!.GetConstructors()
            .Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
