using System.Diagnostics;
using Fabriques.Messaging.Background;
using Fabriques.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fabriques.Messaging.Outbox;

/// <summary>
/// Publishes the outbox to RabbitMQ: pending rows in id order, in batches, each confirmed by the broker before it
/// is marked sent. Keeps trying, with backoff, through broker and database outages.
/// </summary>
/// <remarks>
/// Replicas share the work safely: a batch is taken under a transaction-scoped advisory lock (one relay publishes
/// a given database's outbox at a time, which keeps each aggregate's events in order) and its rows are locked
/// <c>FOR UPDATE SKIP LOCKED</c>. A crash between the broker's confirm and the commit republishes a row; the
/// consumers' inbox makes that harmless (at-least-once delivery, exactly-once effect).
/// </remarks>
public sealed partial class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    MessagingMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>Key of the advisory lock; the same in every service, each has its own database.</summary>
    private const long RelayLockKey = 0x4661_6272_6971_7565; // "Fabrique"

    /// <summary>What <see cref="PublishBatchAsync"/> returns when another replica holds the relay's lock.</summary>
    public const int AnotherReplicaPublishes = -1;

    private static readonly TimeSpan LockBusyRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BacklogSampleInterval = TimeSpan.FromSeconds(1);

    private DateTimeOffset _lastBacklogSample = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(settings.RelayBatchSize, stoppingToken);
                failures = 0;
                if (published == AnotherReplicaPublishes)
                {
                    // It may have read its last batch just before this replica's commit: look again soon.
                    await Task.Delay(LockBusyRetry, stoppingToken);
                }
                else if (published < settings.RelayBatchSize
                         && await signal.WaitAsync(settings.RelayPollInterval, stoppingToken)
                         && settings.RelayCoalescingWindow > TimeSpan.Zero)
                {
                    // Commits close together go out in one batch rather than one relay transaction each. Like the
                    // poll, these pauses are on the wall clock, not the business clock: a clock that stands still
                    // (a test's) must not hold events back.
                    await Task.Delay(settings.RelayCoalescingWindow, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = FailureBackoff.After(failures, settings.RelayMaxBackoff);
                LogRelayFailed(logger, exception, failures, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Publishes one batch; returns how many events were published (<see cref="AnotherReplicaPublishes"/> when another
    /// replica holds the lock), throws when some could not be.
    /// </summary>
    public async Task<int> PublishBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var isRelay = await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({RelayLockKey}) AS \"Value\"")
                .SingleAsync(ct);
            if (!isRelay)
            {
                return AnotherReplicaPublishes;
            }

            await SampleBacklogAsync(db, ct);
            var batch = await db.Set<OutboxMessage>()
                .FromSql($"""
                    SELECT * FROM messaging.outbox_messages
                    WHERE sent_at IS NULL
                    ORDER BY id
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking()
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return 0;
            }

            // Aggregates are independent: publish them concurrently, each one's events in order.
            var outcomes = await Task.WhenAll(batch.GroupBy(m => m.AggregateId).Select(g => PublishInOrderAsync(g, ct)));

            // What was confirmed is recorded even when some of the batch failed, so it is not published twice:
            // one statement for the whole batch rather than one tracked update per row.
            var sent = outcomes.SelectMany(o => o.Sent).ToList();
            var sentAt = time.GetUtcNow();
            await db.Set<OutboxMessage>()
                .Where(m => sent.Contains(m.Id))
                .ExecuteUpdateAsync(row => row.SetProperty(m => m.SentAt, sentAt), ct);
            foreach (var (id, error) in outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!.Value))
            {
                await db.Set<OutboxMessage>()
                    .Where(m => m.Id == id)
                    .ExecuteUpdateAsync(row => row
                        .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                        .SetProperty(m => m.LastError, error), ct);
            }
            await transaction.CommitAsync(ct);
            return sent.Count == batch.Count ? sent.Count : throw new OutboxPublishException(batch.Count - sent.Count);
        }, cancellationToken);
    }

    /// <summary>
    /// Publishes an aggregate's events one after the other, stopping at the first failure to keep order; returns the
    /// ids confirmed by the broker and, if one failed, its id and error.
    /// </summary>
    private async Task<(List<long> Sent, (long Id, string Error)? Failure)> PublishInOrderAsync(
        IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var sent = new List<long>();
        foreach (var message in messages)
        {
            try
            {
                await PublishAsync(message, cancellationToken);
                sent.Add(message.Id);
                metrics.Published(message.Type);
            }
            catch (Exception exception)
            {
                metrics.PublishFailed(message.Type);
                LogPublishFailed(logger, exception, message.EventId, message.Type);
                return (sent, (message.Id, Truncate(exception.Message, 2000)));
            }
        }
        return (sent, null);
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        // Continues the trace of the request that raised the event; MassTransit's send span nests under it.
        using var activity = MessagingMetrics.ActivitySource.StartActivity($"outbox publish {message.Type}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", message.EventId);
        activity?.SetTag("messaging.outbox.id", message.Id);
        activity?.SetTag(CorrelationId.TagName, message.CorrelationId);
        await StoredEventPublisher.PublishAsync(bus, message, cancellationToken).ConfirmedWithinTimeout(cancellationToken);
    }

    private async Task SampleBacklogAsync(TDbContext db, CancellationToken cancellationToken)
    {
        // Counting the backlog reads every pending row: under a burst, once a second is enough for the gauges and
        // the readiness check, and keeps the relay's batches cheap.
        var now = time.GetUtcNow();
        if (now - _lastBacklogSample < BacklogSampleInterval)
        {
            return;
        }
        var backlog = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(m => (DateTimeOffset?)m.CreatedAt) })
            .SingleOrDefaultAsync(cancellationToken);
        metrics.Backlog(backlog?.Count ?? 0, backlog?.Oldest is { } oldest ? now - oldest : TimeSpan.Zero);
        _lastBacklogSample = now;
    }

    private sealed class OutboxPublishException(int failed)
        : Exception($"{failed} event(s) of the batch could not be published; they stay pending.");

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay failed ({Failures} in a row); next try in {Delay}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {EventId} ({EventType}) failed; it stays pending")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid eventId, string eventType);
}
