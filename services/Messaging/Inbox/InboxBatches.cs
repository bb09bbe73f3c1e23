using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;

namespace Fabriques.Messaging.Inbox;

/// <summary>What the consumption of an event that joined a batch learns when it wakes up.</summary>
internal enum BatchOutcome
{
    /// <summary>It now leads the next batch, which holds its own event first.</summary>
    Lead,

    /// <summary>Its event was consumed (or found already applied) by the batch, or failed alone (<see cref="PendingEvent{TEvent}.Failure"/>).</summary>
    Done,
}

/// <summary>An event waiting, in its own consumption, for the batch that will carry it.</summary>
internal sealed class PendingEvent<TEvent>(TEvent @event)
{
    private readonly TaskCompletionSource<BatchOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TEvent Event { get; } = @event;

    /// <summary>
    /// The consumption's ambient state (its trace span, correlation id and log scope): the batch runs the event's
    /// handler in it, so what the handler logs, traces or publishes belongs to this event, not to the batch's leader.
    /// </summary>
    public ExecutionContext? Context { get; } = ExecutionContext.Capture();

    public Task<BatchOutcome> Outcome => _outcome.Task;

    /// <summary>Why the event failed when consumed on its own: its consumption rethrows it.</summary>
    public ExceptionDispatchInfo? Failure { get; private set; }

    public void Settle(BatchOutcome outcome, Exception? failure = null)
    {
        Failure = failure is null ? null : ExceptionDispatchInfo.Capture(failure);
        _outcome.TrySetResult(outcome);
    }
}

/// <summary>
/// Group commit of one consumer's events in this process: the consumptions under way (up to the endpoint's
/// prefetch) queue here while a few of them (<see cref="InboxBatches.Leaders"/>) each lead a batch of the waiting ones
/// through one transaction; a leader done hands the lead to the first event still waiting. The longer batches take,
/// the more the next ones carry; under light traffic every event leads its own batch of one and is consumed as it
/// would be alone.
/// </summary>
internal sealed class InboxBatchQueue<TEvent>(int leaders)
{
    private readonly Lock _gate = new();
    private readonly List<PendingEvent<TEvent>> _waiting = [];
    private int _leading;

    /// <summary>True when the event's consumption leads a batch at once; otherwise it waits for its outcome.</summary>
    public bool Join(PendingEvent<TEvent> pending)
    {
        lock (_gate)
        {
            if (_leading < leaders)
            {
                _leading++;
                return true;
            }
            _waiting.Add(pending);
            return false;
        }
    }

    /// <summary>A leader's batch: its own event, then the oldest waiting ones, <paramref name="size"/> at most.</summary>
    public List<PendingEvent<TEvent>> Take(PendingEvent<TEvent> leader, int size)
    {
        lock (_gate)
        {
            var followers = Math.Min(size - 1, _waiting.Count);
            List<PendingEvent<TEvent>> batch = [leader, .. _waiting.GetRange(0, followers)];
            _waiting.RemoveRange(0, followers);
            return batch;
        }
    }

    /// <summary>After a batch: the first event still waiting leads the next one, or one leader fewer.</summary>
    public void HandOver()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _leading--;
                return;
            }
            var next = _waiting[0];
            _waiting.RemoveAt(0);
            next.Settle(BatchOutcome.Lead);
        }
    }
}

/// <summary>The batch queues of this process, one per consumer class, and how they are sized.</summary>
public sealed class InboxBatches(IOptions<MessagingOptions> options)
{
    private readonly ConcurrentDictionary<Type, object> _queues = new();

    /// <summary>Most events one consumer transaction commits; 1 consumes every event on its own.</summary>
    public int Size { get; } = Math.Max(1, options.Value.ConsumerBatchSize);

    /// <summary>Batches of one consumer in flight at once: as many as the prefetch fills.</summary>
    public int Leaders { get; } = Math.Max(1, options.Value.ConsumerPrefetch / Math.Max(1, options.Value.ConsumerBatchSize));

    internal InboxBatchQueue<TEvent> For<TEvent>(Type consumer) =>
        (InboxBatchQueue<TEvent>)_queues.GetOrAdd(consumer, _ => new InboxBatchQueue<TEvent>(Leaders));
}
