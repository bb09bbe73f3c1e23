using System.Collections.Frozen;
using System.Reflection;

namespace Fabriques.Contracts;

/// <summary>Every integration event of the contract, by its CloudEvents type and by its CLR type.</summary>
public static class EventTypes
{
    public const string Prefix = "fr.anct.fabriques.";

    private static readonly FrozenDictionary<string, Type> ByName = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(IntegrationEvent)) && !t.IsAbstract)
        .ToFrozenDictionary(NameOf, t => t);

    private static readonly FrozenDictionary<Type, string> ByType = ByName.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static IEnumerable<string> Names => ByName.Keys;

    public static IEnumerable<Type> All => ByName.Values;

    public static string Of(Type eventType) =>
        ByType.TryGetValue(eventType, out var name)
            ? name
            : throw new ArgumentException($"{eventType} is not an integration event of the contract.", nameof(eventType));

    public static string Of<TEvent>() where TEvent : IntegrationEvent => Of(typeof(TEvent));

    /// <summary>CloudEvents <c>source</c>: the service that raises the event, e.g. <c>/fabriques/directory</c>.</summary>
    public static string SourceOf(Type eventType) =>
        "/fabriques/" + eventType.Namespace![(typeof(IntegrationEvent).Namespace!.Length + 1)..].ToLowerInvariant();

    public static bool TryResolve(string name, out Type eventType) => ByName.TryGetValue(name, out eventType!);

    private static string NameOf(Type type) =>
        type.GetCustomAttribute<EventTypeAttribute>()?.Type
        ?? throw new InvalidOperationException($"{type} has no [EventType].");
}
