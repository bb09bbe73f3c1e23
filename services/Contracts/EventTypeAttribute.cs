namespace Fabriques.Contracts;

/// <summary>The CloudEvents <c>type</c> of an integration event, e.g. <c>fr.anct.fabriques.place.registered</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string type) : Attribute
{
    public string Type { get; } = type;
}
