using System.Text;
using Fabriques.Contracts.Partners;
using Fabriques.Messaging;
using Fabriques.Messaging.Background;
using Fabriques.Messaging.DeadLetters;
using Fabriques.Notification.Data;
using Fabriques.Notification.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Fabriques.Notification.Brokers;

/// <summary>
/// Publishes the partners' feed to <see cref="PartnerExchange"/>: each feed event, in feed order, as a CloudEvent in
/// structured mode (the same JSON as a feed item), routing key = its CloudEvents type, marked published once the
/// broker confirms it. The feed is written once per event by the inbox, so each event reaches the exchange once; a
/// crash between the confirm and the commit publishes it again with the same <c>message-id</c> and CloudEvents
/// <c>id</c>, which partners use to drop the repeat.
/// </summary>
/// <remarks>
/// Replicas share the work as the outbox relay does: a batch is taken under a transaction-scoped advisory lock, so
/// one process publishes at a time and the order holds. While the feed is all published the relay sleeps: woken by the
/// commit of a feed event in this process (<see cref="PartnerFeedSignal"/>), or by its poll
/// (<see cref="PartnerBrokerOptions.PollInterval"/>), for events another replica wrote.
/// </remarks>
public sealed partial class PartnerExchangeRelay(
    IServiceScopeFactory scopes,
    BrokerConnection broker,
    PartnerFeedSignal signal,
    IOptions<PartnerBrokerOptions> options,
    TimeProvider time,
    ILogger<PartnerExchangeRelay> logger) : BackgroundService
{
    /// <summary>Key of the advisory lock: another than the outbox relay's, in this service's database.</summary>
    private const long RelayLockKey = 0x5061_7274_6e65_7273; // "Partners"

    /// <summary>What <see cref="PublishBatchAsync"/> returns when another replica holds the relay's lock.</summary>
    public const int AnotherReplicaPublishes = -1;

    private static readonly TimeSpan LockBusyRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private IChannel? _channel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(settings.BatchSize, stoppingToken);
                failures = 0;
                if (published == AnotherReplicaPublishes)
                {
                    // It may have read its last batch just before this replica's commit: look again soon.
                    await Task.Delay(LockBusyRetry, stoppingToken);
                }
                else if (published < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                failures++;
                await CloseChannelAsync();
                var delay = FailureBackoff.After(failures, MaxBackoff);
                LogRelayFailed(logger, exception, failures, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        await CloseChannelAsync();
    }

    /// <summary>
    /// Publishes one batch of the feed not yet on the exchange; returns how many events were published
    /// (<see cref="AnotherReplicaPublishes"/> when another replica holds the lock).
    /// </summary>
    public async Task<int> PublishBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        // Declared before anything is to publish, so partners can bind to it from the start.
        var channel = await ChannelAsync(cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var isRelay = await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({RelayLockKey}) AS \"Value\"")
                .SingleAsync(ct);
            if (!isRelay)
            {
                return AnotherReplicaPublishes;
            }
            var batch = await db.FeedEvents
                .FromSql($"""
                    SELECT * FROM feed_events
                    WHERE published_to_broker_at IS NULL
                    ORDER BY position
                    LIMIT {batchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .AsNoTracking()
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return 0;
            }

            var published = new List<long>();
            try
            {
                foreach (var feedEvent in batch)
                {
                    // Confirmed by the broker before the next: the exchange sees the feed's order.
                    await channel.BasicPublishAsync(PartnerExchange.Name, feedEvent.Type, mandatory: false, Properties(feedEvent),
                        Encoding.UTF8.GetBytes(CloudEvent.From(feedEvent).ToJson()), ct).ConfirmedWithinTimeout(ct);
                    published.Add(feedEvent.Position);
                }
            }
            finally
            {
                // What the broker confirmed is recorded even when the batch stopped half-way, so it is not sent twice.
                var at = time.GetUtcNow();
                await db.FeedEvents.Where(e => published.Contains(e.Position))
                    .ExecuteUpdateAsync(row => row.SetProperty(e => e.PublishedToBrokerAt, at), CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
            return published.Count;
        }, cancellationToken);
    }

    /// <summary>The CloudEvents AMQP binding, structured mode: the content type says the body is the whole event.</summary>
    private static BasicProperties Properties(FeedEvent feedEvent) => new()
    {
        ContentType = CloudEvent.MediaType,
        ContentEncoding = "utf-8",
        MessageId = feedEvent.EventId.ToString(),
        Type = feedEvent.Type,
        Timestamp = new AmqpTimestamp(feedEvent.Time.ToUnixTimeSeconds()),
        DeliveryMode = DeliveryModes.Persistent,
    };

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }
        await CloseChannelAsync();
        _channel = await broker.OpenChannelAsync(cancellationToken);
        await _channel.ExchangeDeclareAsync(PartnerExchange.Name, PartnerExchange.Type, durable: true, autoDelete: false,
            cancellationToken: cancellationToken);
        return _channel;
    }

    private async Task CloseChannelAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
            _channel = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing to the partners' exchange failed ({Failures} in a row); next try in {Delay}")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);
}
