using Fabriques.Messaging.Background;

namespace Fabriques.Messaging.Outbox;

/// <summary>
/// Wakes the relay as soon as this process commits an event (<see cref="OutboxExtensions.Publish"/> asks for it),
/// instead of waiting for its next poll. Commits that wrote no event leave the relay asleep.
/// </summary>
public sealed class OutboxSignal : WorkSignal;
