using Fabriques.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Messaging.Inbox;

/// <summary>
/// Base of every consumer: records the event's id in the inbox in the same transaction as the effect, so a
/// redelivered or duplicated event changes nothing and is acknowledged. Events the handler publishes go to the
/// outbox in that same transaction.
/// </summary>
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
        var strategy = Db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            Db.ChangeTracker.Clear();
            // The whole transaction fails or commits: savepoints around SaveChanges would only add round trips.
            Db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await Db.Database.BeginTransactionAsync(ct);
            // A concurrent duplicate blocks on the primary key here until the first commits, then inserts nothing.
            var inserted = await Db.Database.ExecuteSqlAsync($"""
                INSERT INTO messaging.inbox_messages (event_id, consumer, processed_at)
                VALUES ({context.Message.EventId}, {ConsumerName}, {Time.GetUtcNow()})
                ON CONFLICT DO NOTHING
                """, ct);
            if (inserted == 0)
            {
                metrics.DuplicateSkipped(ConsumerName);
                return;
            }

            await HandleAsync(context.Message, ct);
            await Db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            metrics.Consumed(ConsumerName);
        }, context.CancellationToken);
    }

    /// <summary>Applies the event to <see cref="Db"/>; the base class saves and commits.</summary>
    protected abstract Task HandleAsync(TEvent @event, CancellationToken cancellationToken);
}
