using Fabriques.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Messaging.Inbox;

/// <summary>
/// Base of every consumer: records the event's id in the inbox in the same transaction as the effect, so a
/// redelivered or duplicated event changes nothing and is acknowledged. Events the handler publishes go to the
/// outbox in that same transaction.
/// </summary>
/// <remarks>
/// Events that arrive together are consumed in batches (<see cref="InboxBatches"/>): one transaction, one multi-row
/// inbox insert and one commit for the batch, each handler's changes saved in turn so that it sees the ones before.
/// If anything in a batch fails, the batch is rolled back and each of its events is consumed again on its own, in its
/// own transaction, exactly as without batching: a poison event alone goes through the retries to <c>_error</c>,
/// and its neighbours are applied once. Retries are always consumed on their own.
/// </remarks>
public abstract class IdempotentConsumer<TEvent, TDbContext>(TDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IConsumer<TEvent>
    where TEvent : IntegrationEvent
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;
    protected TimeProvider Time { get; } = time;

    /// <summary>Stable name of this consumer in the inbox: two consumers of one event each apply it once.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TEvent> context)
    {
        if (context.GetRetryAttempt() > 0 || Batches(context) is not { Size: > 1 } batches)
        {
            await ConsumeAloneAsync(context.Message, context.CancellationToken);
            return;
        }

        var queue = batches.For<TEvent>(GetType());
        var pending = new PendingEvent<TEvent>(context.Message);
        if (queue.Join(pending) || await pending.Outcome == BatchOutcome.Lead)
        {
            await LeadBatchAsync(queue, pending, batches.Size, context.CancellationToken);
        }
        pending.Failure?.Throw();
    }

    /// <summary>Applies the event to <see cref="Db"/>; the base class saves and commits.</summary>
    protected abstract Task HandleAsync(TEvent @event, CancellationToken cancellationToken);

    private static InboxBatches? Batches(ConsumeContext context) =>
        context.TryGetPayload<IServiceScope>(out var scope) ? scope.ServiceProvider.GetService<InboxBatches>()
        : context.TryGetPayload<IServiceProvider>(out var services) ? services.GetService<InboxBatches>()
        : null;

    /// <summary>Consumes one event in its own transaction; false when the inbox already held it.</summary>
    private async Task<bool> ConsumeAloneAsync(TEvent @event, CancellationToken cancellationToken)
    {
        var strategy = Db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            Db.ChangeTracker.Clear();
            // The whole transaction fails or commits: savepoints around SaveChanges would only add round trips.
            Db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            // A concurrent duplicate blocks on the primary key here until the first commits, then inserts nothing.
            var inserted = await Db.Database.ExecuteSqlAsync($"""
                INSERT INTO messaging.inbox_messages (event_id, consumer, processed_at)
                VALUES ({@event.EventId}, {ConsumerName}, {Time.GetUtcNow()})
                ON CONFLICT DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                metrics.DuplicateSkipped(ConsumerName);
                return false;
            }

            await HandleAsync(@event, ct);
            await Db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            metrics.Consumed(ConsumerName);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs one batch (this consumption's event first), settles every event of it, and hands the lead on. A batch that
    /// fails is rolled back and its events consumed one by one, each in its own transaction: an event that fails
    /// again alone gets the failure, which its own consumption rethrows to the retries and <c>_error</c>.
    /// </summary>
    private async Task LeadBatchAsync(
        InboxBatchQueue<TEvent> queue, PendingEvent<TEvent> leader, int size, CancellationToken cancellationToken)
    {
        var batch = queue.Take(leader, size);
        try
        {
            if (batch.Count > 1)
            {
                try
                {
                    await CommitBatchAsync(batch, cancellationToken);
                    metrics.BatchCommitted(ConsumerName, batch.Count);
                    batch.ForEach(p => p.Settle(BatchOutcome.Done));
                    return;
                }
                catch (Exception)
                {
                    Db.ChangeTracker.Clear();
                    metrics.BatchFellBack(ConsumerName);
                }
            }
            foreach (var pending in batch)
            {
                try
                {
                    await InContextOf(pending, () => ConsumeAloneAsync(pending.Event, cancellationToken));
                    pending.Settle(BatchOutcome.Done);
                }
                catch (Exception exception)
                {
                    pending.Settle(BatchOutcome.Done, exception);
                }
            }
            if (batch is [{ Failure: null }])
            {
                metrics.BatchCommitted(ConsumerName, 1);
            }
        }
        finally
        {
            queue.HandOver();
        }
    }

    private async Task CommitBatchAsync(List<PendingEvent<TEvent>> batch, CancellationToken cancellationToken)
    {
        var eventIds = batch.Select(p => p.Event.EventId).Distinct().Order().ToArray();
        var strategy = Db.Database.CreateExecutionStrategy();
        var applied = await strategy.ExecuteAsync(async ct =>
        {
            Db.ChangeTracker.Clear();
            Db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            // One statement for the batch's inbox rows, in id order so that two batches sharing an event cannot
            // deadlock; an event already there (or twice in the batch) is inserted, and applied, once.
            var firstSeen = (await Db.Database.SqlQuery<Guid>($"""
                INSERT INTO messaging.inbox_messages (event_id, consumer, processed_at)
                SELECT event_id, {ConsumerName}, {Time.GetUtcNow()} FROM unnest({eventIds}) AS event_id ORDER BY event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id AS "Value"
                """).ToListAsync(ct)).ToHashSet();
            var handled = 0;
            var batchStrategy = ExecutionStrategy.Current;
            foreach (var pending in batch.Where(p => firstSeen.Remove(p.Event.EventId)))
            {
                // Saved in turn: a handler reads what the previous ones of the batch wrote, as it would one by one.
                await InContextOf(pending, () =>
                {
                    // The event's execution context does not hold the batch's execution strategy, and EF Core refuses an
                    // operation of a retrying strategy inside a transaction it did not start: the handler's queries and
                    // save run as part of the batch's operation (retried whole), as they would in the leader's own flow.
                    NestedOperations.RunIn(batchStrategy);
                    return HandleAndSaveAsync(pending.Event, ct);
                });
                handled++;
            }
            await transaction.CommitAsync(ct);
            return handled;
        }, cancellationToken);

        for (var i = 0; i < applied; i++)
        {
            metrics.Consumed(ConsumerName);
        }
        for (var i = applied; i < batch.Count; i++)
        {
            metrics.DuplicateSkipped(ConsumerName);
        }
    }

    private async Task HandleAndSaveAsync(TEvent @event, CancellationToken cancellationToken)
    {
        await HandleAsync(@event, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
    }

    private static Task InContextOf(PendingEvent<TEvent> pending, Func<Task> work)
    {
        if (pending.Context is null)
        {
            return work();
        }
        Task? running = null;
        ExecutionContext.Run(pending.Context, _ => running = work(), null);
        return running!;
    }
}

/// <summary>
/// EF Core's <see cref="ExecutionStrategy.Current"/>: the strategy whose operation is under way, which nested operations
/// join instead of starting their own. Its setter is protected, meant for strategies: this class derives from
/// <see cref="ExecutionStrategy"/> only to reach it (never instantiated), so the batch can set it in each event's
/// execution context and the handler joins the batch's operation.
/// </summary>
internal abstract class NestedOperations : ExecutionStrategy
{
    private NestedOperations()
        : base((DbContext)null!, 0, TimeSpan.Zero)
    {
    }

    public static void RunIn(ExecutionStrategy? strategy) => Current = strategy;
}
