using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Fabriques.Messaging.DeadLetters;

/// <summary>A message MassTransit moved to an <c>_error</c> queue after its retries, with the exception it kept.</summary>
public sealed record DeadLetter(
    string Queue, string? MessageId, string? MessageType, string? ExceptionType, string? ExceptionMessage, DateTimeOffset? FaultedAt);

/// <summary>
/// Lists and replays the dead letters of this service's queues, straight on the broker: a replayed message is
/// published back to its queue (confirmed) before it is removed from the error queue, so a failure in between can
/// only duplicate it — which the consumers' inbox absorbs — never lose it.
/// </summary>
public sealed partial class DeadLetterQueues(
    BrokerConnection broker, ReceiveEndpoints endpoints, IOptions<MessagingOptions> options, TimeProvider time,
    ILogger<DeadLetterQueues> logger)
{
    /// <summary>Upper bound of messages read per queue in one call: dead letters are meant to be few.</summary>
    public const uint MaxPerQueue = 500;

    /// <summary>
    /// How often <see cref="CountAsync"/> looks for error queues not known to exist when no fault was seen here: for
    /// those another replica's faults created.
    /// </summary>
    public static readonly TimeSpan NewQueuesLookInterval = TimeSpan.FromMinutes(15);

    /// <summary>Error queues known to exist (MassTransit never deletes them; an operator may).</summary>
    private readonly ConcurrentDictionary<string, bool> _existing = new(StringComparer.Ordinal);
    private long _lookForNewQueuesUntilTicks;
    private DateTimeOffset _lookedForNewQueuesAt = DateTimeOffset.MinValue;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        foreach (var queue in endpoints.Queues)
        {
            // Read without acknowledging; closing the channel puts every message back, in order.
            await using var channel = await broker.OpenChannelAsync(cancellationToken);
            var errorQueue = queue + ReceiveEndpoints.ErrorSuffix;
            var count = await CountQueueAsync(channel, errorQueue, cancellationToken);
            for (var i = 0; i < count && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message; i++)
            {
                letters.Add(Describe(queue, message));
            }
        }
        return letters;
    }

    /// <summary>
    /// Counts the dead letters of all queues (cheap: no message is read), on one channel. MassTransit creates a queue's
    /// error queue at its first fault, and asking the broker about a queue that does not exist fails and closes the
    /// channel: the queues not known to exist are looked for only at the first count, at the counts after a fault seen
    /// in this process (<see cref="FaultSeen"/>), and every <see cref="NewQueuesLookInterval"/>.
    /// </summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lookForNew = now.UtcTicks <= Volatile.Read(ref _lookForNewQueuesUntilTicks) || now - _lookedForNewQueuesAt >= NewQueuesLookInterval;
        if (lookForNew)
        {
            _lookedForNewQueuesAt = now;
        }
        long total = 0;
        IChannel? channel = null;
        try
        {
            foreach (var errorQueue in endpoints.Queues.Select(q => q + ReceiveEndpoints.ErrorSuffix).Where(q => lookForNew || _existing.ContainsKey(q)))
            {
                channel ??= await broker.OpenChannelAsync(cancellationToken);
                var count = await CountQueueAsync(channel, errorQueue, cancellationToken);
                total += count;
                if (!channel.IsOpen)
                {
                    await channel.DisposeAsync(); // the broker closed it: the queue does not exist
                    channel = null;
                }
            }
        }
        finally
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }
        return total;
    }

    /// <summary>
    /// A consumer of this process failed: its message may reach, after its retries, an error queue that did not exist.
    /// The counts look for new queues during two maintenance intervals, so that one of them comes after the move.
    /// </summary>
    public void FaultSeen() =>
        Volatile.Write(ref _lookForNewQueuesUntilTicks, (time.GetUtcNow() + 2 * options.Value.MaintenanceInterval).UtcTicks);

    /// <summary>Replays the dead letter with <paramref name="messageId"/>, or all of them when it is null; returns how many.</summary>
    public async Task<int> ReplayAsync(string? messageId, CancellationToken cancellationToken)
    {
        var replayed = 0;
        foreach (var queue in endpoints.Queues)
        {
            await using var channel = await broker.OpenChannelAsync(cancellationToken);
            var errorQueue = queue + ReceiveEndpoints.ErrorSuffix;
            // Bounded by what was there when we started: a replayed message that fails again is not met twice.
            var count = await CountQueueAsync(channel, errorQueue, cancellationToken);
            for (var i = 0; i < count && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message; i++)
            {
                if (messageId is not null && message.BasicProperties.MessageId != messageId)
                {
                    continue; // left unacknowledged: back in the error queue when the channel closes
                }
                await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true,
                    basicProperties: new BasicProperties(message.BasicProperties), body: message.Body, cancellationToken)
                    .ConfirmedWithinTimeout(cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
                LogReplayed(logger, message.BasicProperties.MessageId, queue);
                replayed++;
            }
        }
        return replayed;
    }

    /// <summary>
    /// Messages in <paramref name="queue"/>, capped at <see cref="MaxPerQueue"/>; 0 when it does not exist yet, which
    /// the broker says by closing the channel. Remembers which queues exist.
    /// </summary>
    private async Task<uint> CountQueueAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            var count = Math.Min((await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount, MaxPerQueue);
            _existing[queue] = true;
            return count;
        }
        catch (OperationInterruptedException)
        {
            _existing.TryRemove(queue, out _);
            return 0; // MassTransit declares an error queue on the first fault: nothing ever failed there
        }
    }

    private static DeadLetter Describe(string queue, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers;
        string? Header(string name) => headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => value.ToString() }
            : null;
        return new DeadLetter(
            queue,
            message.BasicProperties.MessageId,
            message.BasicProperties.Type ?? Header("MT-Message-Type") ?? message.BasicProperties.ContentType,
            Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message"),
            DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), out var at) ? at : null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed dead letter {MessageId} to {Queue}")]
    private static partial void LogReplayed(ILogger logger, string? messageId, string queue);
}
