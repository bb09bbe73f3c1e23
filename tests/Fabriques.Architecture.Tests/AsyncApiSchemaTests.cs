using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fabriques.Contracts;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging;
using Fabriques.Testing;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// What a partner generating code from <c>docs/asyncapi.yaml</c> relies on: every event the platform sends, internal
/// and public, every member filled or every optional one null, is valid against the document's schema of its message.
/// Read as a partner would, with a YAML parser and a JSON Schema validator of their own.
/// </summary>
public sealed class AsyncApiSchemaTests
{
    private static readonly Lazy<JsonObject> Messages = new(() =>
        Read(Path.Combine(Repository.Root, "docs", "asyncapi.yaml"))["components"]!["messages"]!.AsObject());

    public static TheoryData<string> EventTypeNames => [.. EventTypes.Names.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Samples_of_every_event_type_are_valid_against_the_internal_and_public_schemas(string type)
    {
        Assert.True(EventTypes.TryResolve(type, out var eventType));

        foreach (var (sample, shape) in new[] { (SampleEvents.Of(eventType), "filled"), (WithOptionalMembersNull(SampleEvents.Of(eventType)), "sparse") })
        {
            var @internal = JsonSerializer.SerializeToNode(sample, eventType, EventSerializer.Options);
            var payload = PartnerProjection.Project(sample);
            var @public = JsonSerializer.SerializeToNode(payload, payload.GetType(), EventSerializer.Options);

            AssertValid(eventType.Name, @internal, $"{type} ({shape}, internal)");
            AssertValid("Partner" + eventType.Name, @public, $"{type} ({shape}, public)");
        }
    }

    [Fact]
    public void A_payload_that_breaks_its_schema_is_refused_so_the_validation_can_fail()
    {
        var awarded = EventTypes.All.Single(t => t.Name == "GrantAwarded");
        var payload = PartnerProjection.Project(SampleEvents.Of(awarded));
        var json = JsonSerializer.SerializeToNode(payload, payload.GetType(), EventSerializer.Options)!.AsObject();
        var money = json.First(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number).Key;
        json[money] = "12345.67";

        Assert.False(Evaluate("PartnerGrantAwarded", json).IsValid, $"a quoted number in {money} passed the schema");
    }

    private static void AssertValid(string message, JsonNode? instance, string what)
    {
        var results = Evaluate(message, instance);
        var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));
        Assert.True(results.IsValid, $"{what} is not valid against components.messages.{message}.payload: {string.Join("; ", errors)}\n{instance?.ToJsonString()}");
    }

    private static EvaluationResults Evaluate(string message, JsonNode? instance)
    {
        var payload = Messages.Value[message]?["payload"] ?? throw new InvalidOperationException($"docs/asyncapi.yaml has no message {message}");
        var schema = JsonSchema.FromText(payload.ToJsonString());
        return schema.Evaluate(JsonSerializer.SerializeToElement(instance), new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>The event with every member its type declares nullable set to null: what a partner meets on most events.</summary>
    private static IntegrationEvent WithOptionalMembersNull(IntegrationEvent @event)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in @event.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (nullability.Create(property).WriteState == NullabilityState.Nullable)
            {
                property.SetValue(@event, null);
            }
        }
        return @event;
    }

    /// <summary>A YAML document as JSON: plain scalars are numbers, booleans or null when they read as such.</summary>
    private static JsonNode Read(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }
        return ToJson(yaml.Documents[0].RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var text } => text switch
        {
            null or "" or "~" or "null" => null,
            "true" or "false" => JsonValue.Create(text == "true"),
            _ when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };
}
