using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Fabriques.Contracts;

namespace Fabriques.Architecture.Tests;

/// <summary>
/// One sample of every event type of the contract, every property filled (optional ones too), built by reflection so
/// a type added later is covered without touching the tests. Personal values are recognisable: <see cref="Personal"/>.
/// </summary>
public static class SampleEvents
{
    /// <summary>Names of the properties that hold a person's data, an owner id, a motivation or an opinion.</summary>
    public static readonly IReadOnlySet<string> PersonalProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "OwnerId", "Contact", "ContactName", "ContactEmail", "Email", "Phone", "RecipientName", "DecidedBy",
        "Motivation", "Reason", "Score", "Scores", "Opinion", "Opinions", "Verdict", "Comment", "InstructeurId",
        "AssignedTo", "By",
    };

    public static IEnumerable<IntegrationEvent> All() => EventTypes.All.OrderBy(EventTypes.Of).Select(Of);

    public static IntegrationEvent Of(Type eventType) => (IntegrationEvent)Build(eventType, eventType.Name);

    /// <summary>The string values a sample of <paramref name="event"/> gives to personal properties, at any depth.</summary>
    public static IEnumerable<string> Personal(IntegrationEvent @event) => PersonalValues(@event, inPersonal: false);

    private static IEnumerable<string> PersonalValues(object value, bool inPersonal)
    {
        foreach (var property in Properties(value.GetType()))
        {
            // The organisation's name is public (it is in the directory); everything else about a contact is not.
            var personal = (inPersonal || PersonalProperties.Contains(property.Name))
                           && property.Name != nameof(Contact.OrganisationName);
            switch (property.GetValue(value))
            {
                case string text when personal:
                    yield return text;
                    break;
                case { } nested when IsComposite(nested.GetType()):
                    foreach (var inner in PersonalValues(nested, personal))
                    {
                        yield return inner;
                    }
                    break;
            }
        }
    }

    private static object Build(Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => path switch
            {
                _ when path.EndsWith("Email", StringComparison.Ordinal) => "camille.martin@example.org",
                _ when path.EndsWith("Code", StringComparison.Ordinal) => "04",
                _ => $"«{path}»",
            },
            _ when underlying == typeof(Guid) => Guid.CreateVersion7(),
            _ when underlying == typeof(DateTimeOffset) => new DateTimeOffset(2027, 3, 15, 9, 30, 0, TimeSpan.FromHours(1)),
            _ when underlying == typeof(DateOnly) => new DateOnly(2027, 3, 15),
            _ when underlying == typeof(int) => 2,
            _ when underlying == typeof(long) => 2L,
            _ when underlying == typeof(decimal) => 12_345.67m,
            _ when underlying == typeof(double) => 4.5,
            _ when underlying == typeof(bool) => true,
            _ when underlying.IsEnum => Enum.GetValues(underlying).GetValue(0)!,
            _ when ItemType(underlying) is { } item => ListOf(item, Build(item, path + "[0]")),
            _ => Composite(underlying, path),
        };
    }

    private static object Composite(Type type, string path)
    {
        // Positional records (Contact, InstalmentPlan): through their constructor; others: every settable property.
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Build(p.ParameterType, $"{path}.{Capitalise(p.Name!)}")).ToArray();
        var instance = constructor.Invoke(arguments);
        foreach (var property in Properties(type).Where(p => p.CanWrite && constructor.GetParameters().All(c => !string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            if (property.Name is nameof(IntegrationEvent.EventId) or nameof(IntegrationEvent.OccurredAt))
            {
                continue;
            }
            property.SetValue(instance, Build(property.PropertyType, $"{path}.{property.Name}"));
        }
        return instance;
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    private static bool IsComposite(Type type) =>
        type != typeof(string) && !type.IsValueType && (type.IsClass || type.IsInterface);

    private static Type? ItemType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType
            ? type.GetGenericArguments()[0]
            : null;

    private static IList ListOf(Type item, object value)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
        list.Add(value);
        return list;
    }

    private static string Capitalise(string name) => char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
}
