using System.Diagnostics;
using Fabriques.Contracts.Directory;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using MassTransit;

namespace Fabriques.Testing.Messaging;

/// <summary>What a test makes go wrong in the consumer.</summary>
public sealed class Faults
{
    public const string PoisonName = "poison";

    /// <summary>Until set, events named <see cref="PoisonName"/> throw: the "bug" an operator fixes before replaying.</summary>
    public volatile bool PoisonFixed;

    private int _handledBeforeHold = int.MaxValue;
    private int _handlings;
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Handlings after the first <paramref name="handled"/> wait until <see cref="Release"/> or <see cref="Crash"/>:
    /// the events the relay publishes meanwhile queue up behind the held batch, or the process is killed with a batch
    /// in flight, whatever the speed of the machine.
    /// </summary>
    public void HoldAfter(int handled) => _handledBeforeHold = handled;

    /// <summary>Completes when a handling is first held: a batch is in flight, its effects not committed.</summary>
    public Task Holding => _holding.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Held handlings fail, as the work of a process that dies: their batch never commits.</summary>
    public void Crash() => _released.TrySetException(new IOException("Simulated crash of the process."));

    internal async Task HoldIfAskedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _handlings) > _handledBeforeHold)
        {
            _holding.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }

    private readonly HashSet<Guid> _ackLost = [];

    /// <summary>The first delivery of <paramref name="eventId"/> commits its effect, then the process "dies" before the ack.</summary>
    public void LoseAckOnce(Guid eventId)
    {
        lock (_ackLost)
        {
            _ackLost.Add(eventId);
        }
    }

    internal bool TakeLostAck(Guid eventId)
    {
        lock (_ackLost)
        {
            return _ackLost.Remove(eventId);
        }
    }
}

/// <summary>Records one <see cref="Effect"/> per handled <see cref="PlaceRegistered"/>, through the idempotent inbox.</summary>
public sealed class RecordingConsumer(TestServiceDb db, MessagingMetrics metrics, TimeProvider time, Faults faults)
    : IdempotentConsumer<PlaceRegistered, TestServiceDb>(db, metrics, time)
{
    protected override async Task HandleAsync(PlaceRegistered @event, CancellationToken cancellationToken)
    {
        if (@event.Name == Faults.PoisonName && !faults.PoisonFixed)
        {
            throw new InvalidOperationException($"Cannot handle place {@event.PlaceId}: poison event.");
        }
        Db.Effects.Add(new Effect { EventId = @event.EventId, Name = @event.Name, TraceId = Activity.Current?.TraceId.ToString() });
        await faults.HoldIfAskedAsync(cancellationToken);
    }
}

/// <summary>Crashes after the effect is committed and before the broker gets the ack, when the test asks for it.</summary>
public sealed class AckLosingConsumer(RecordingConsumer inner, Faults faults) : IConsumer<PlaceRegistered>
{
    public async Task Consume(ConsumeContext<PlaceRegistered> context)
    {
        await inner.Consume(context);
        if (faults.TakeLostAck(context.Message.EventId))
        {
            throw new IOException("Simulated crash between commit and acknowledgement.");
        }
    }
}
