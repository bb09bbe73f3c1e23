using System.Text.Json.Serialization;

namespace Fabriques.Contracts;

/// <summary>
/// Base of every integration event. <see cref="EventId"/> is set once, when the event is raised, and stays the
/// same across redeliveries: consumers deduplicate on it.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The id of the aggregate the event is about: events of one aggregate are published in order.</summary>
    [JsonIgnore]
    public Guid AggregateId => Aggregate;

    /// <summary>Which of the event's ids is its aggregate (not serialised: it is one of the event's own fields).</summary>
    protected abstract Guid Aggregate { get; }
}
