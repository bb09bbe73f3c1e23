using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Fabriques.Messaging;
using Fabriques.Testing;
using Fabriques.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Fabriques.Bench;

/// <summary>
/// Events per second through outbox → RabbitMQ → inbox (the platform's path, effect committed), beside a raw
/// RabbitMQ.Client publish-with-confirms / consume-with-ack loop of the same messages, on the same broker in the
/// same run, alternated. Both sides keep the same clock: from just before the first message is handed over (to the outbox,
/// to the broker) to the moment the consumer counts the last one done (the inbox's commit, the ack), signalled by the
/// consumer itself rather than polled. A warm-up run of each side (JIT, connections, pools) is not counted.
/// </summary>
public static class MessagingThroughput
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(int events, int runs)
    {
        await using var infrastructure = new Infrastructure();
        await infrastructure.InitializeAsync();
        var raw = new List<double>();
        var platform = new List<double>();
        var warmup = Math.Max(100, events / 5);
        Console.WriteLine(FormattableString.Invariant(
            $"warm-up, not counted: raw {await RawAsync(infrastructure, warmup):F0} msg/s, outbox→inbox {await PlatformAsync(infrastructure, warmup):F0} events/s ({warmup} each)"));
        for (var run = 1; run <= runs; run++)
        {
            raw.Add(await RawAsync(infrastructure, events));
            platform.Add(await PlatformAsync(infrastructure, events));
            Console.WriteLine(FormattableString.Invariant(
                $"run {run}: raw {raw[^1]:F0} msg/s, outbox→inbox {platform[^1]:F0} events/s, ratio {platform[^1] / raw[^1]:F2}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
        var rawMedian = Median(raw);
        var platformMedian = Median(platform);
        Console.WriteLine(FormattableString.Invariant(
            $"median of {runs} runs, {events} events each: raw {rawMedian:F0} msg/s, outbox→inbox {platformMedian:F0} events/s, ratio {platformMedian / rawMedian:F2}"));
        return 0;
    }

    private static async Task<double> PlatformAsync(Infrastructure infrastructure, int events)
    {
        var database = await infrastructure.CreateDatabaseAsync("bench");
        await TestService.CreateSchemaAsync(database);
        await using var service = await TestService.StartAsync(database, await infrastructure.CreateVirtualHostAsync("bench"));
        var batches = Enumerable.Range(0, events).Select(i => TestService.NewEvent($"Lieu {i}")).Chunk(100).ToList();
        var clock = Stopwatch.StartNew();
        // The inbox counts an event consumed once its effect is committed.
        using var consumed = new LastOf(events, clock, service.MeterFactory, "fabriques.inbox.consumed");

        clock.Restart();
        foreach (var batch in batches)
        {
            await service.RaiseAsync(batch);
        }
        var raised = clock.Elapsed;
        TimeSpan? relayed = null;
        while (!consumed.Done.IsCompleted && relayed is null)
        {
            Bounded(clock);
            if (await service.PendingInOutboxAsync() == 0)
            {
                relayed = clock.Elapsed;
            }
            await Task.WhenAny(consumed.Done, Task.Delay(20));
        }
        var elapsed = await consumed.Done.WaitAsync(Limit);
        if (await service.QueryAsync(db => db.Effects.CountAsync()) != events)
        {
            throw new InvalidOperationException("the inbox counted every event consumed, but the effects table disagrees");
        }
        Console.WriteLine(FormattableString.Invariant(
            $"  outbox written {raised.TotalSeconds:F2} s, relayed by {relayed?.TotalSeconds:F2} s, last effect committed {elapsed.TotalSeconds:F2} s"));
        return events / elapsed.TotalSeconds;
    }

    private static async Task<double> RawAsync(Infrastructure infrastructure, int events)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await infrastructure.CreateVirtualHostAsync("bench")) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var consumerChannel = await connection.CreateChannelAsync();
        await using var publisherChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        const string queue = "bench-raw";
        await consumerChannel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await consumerChannel.BasicQosAsync(0, 16, false);

        var consumed = 0;
        var clock = new Stopwatch();
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref consumed) == events)
            {
                done.TrySetResult(clock.Elapsed);
            }
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

        // The same payload the platform carries: one serialised event per message, persistent.
        var bodies = Enumerable.Range(0, events)
            .Select(i => Encoding.UTF8.GetBytes(EventSerializer.Serialize(TestService.NewEvent($"Lieu {i}"))))
            .ToList();
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        clock.Start();
        foreach (var chunk in bodies.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(body => publisherChannel.BasicPublishAsync("", queue, mandatory: false, properties, body).AsTask()));
        }
        return events / (await done.Task.WaitAsync(Limit)).TotalSeconds;
    }

    private static void Bounded(Stopwatch clock)
    {
        if (clock.Elapsed > Limit)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"not done within {Limit.TotalMinutes} minutes"));
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The time on <c>clock</c> when a counter of the service's own meter reaches <c>expected</c>.</summary>
    private sealed class LastOf : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource<TimeSpan> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _total;

        public LastOf(long expected, Stopwatch clock, IMeterFactory process, string instrument)
        {
            _listener.InstrumentPublished = (i, listener) =>
            {
                if (i.Meter.Scope == process && i.Meter.Name == MessagingMetrics.Name && i.Name == instrument)
                {
                    listener.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
            {
                if (Interlocked.Add(ref _total, value) == expected)
                {
                    _done.TrySetResult(clock.Elapsed);
                }
            });
            _listener.Start();
        }

        public Task<TimeSpan> Done => _done.Task;

        public void Dispose() => _listener.Dispose();
    }
}
