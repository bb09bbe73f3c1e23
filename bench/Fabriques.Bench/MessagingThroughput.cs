using System.Diagnostics;
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
/// same run. Both count from the first publish to the last consumed message.
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
        for (var run = 1; run <= runs; run++)
        {
            raw.Add(await RawAsync(infrastructure, events));
            platform.Add(await PlatformAsync(infrastructure, events));
            Console.WriteLine(FormattableString.Invariant($"run {run}: raw {raw[^1]:F0} msg/s, outbox→inbox {platform[^1]:F0} events/s"));
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
        foreach (var batch in batches)
        {
            await service.RaiseAsync(batch);
        }
        var raised = clock.Elapsed;
        TimeSpan? relayed = null;
        while (await service.QueryAsync(db => db.Effects.CountAsync()) < events)
        {
            Bounded(clock);
            if (relayed is null && await service.PendingInOutboxAsync() == 0)
            {
                relayed = clock.Elapsed;
            }
            await Task.Delay(20);
        }
        Console.WriteLine(FormattableString.Invariant(
            $"  outbox written {raised.TotalSeconds:F2} s, relayed {relayed?.TotalSeconds:F2} s, consumed {clock.Elapsed.TotalSeconds:F2} s"));
        return events / clock.Elapsed.TotalSeconds;
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
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref consumed) == events)
            {
                done.TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

        // The same payload the platform carries: one serialised event per message, persistent.
        var bodies = Enumerable.Range(0, events)
            .Select(i => Encoding.UTF8.GetBytes(EventSerializer.Serialize(TestService.NewEvent($"Lieu {i}"))))
            .ToList();
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var clock = Stopwatch.StartNew();
        foreach (var chunk in bodies.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(body => publisherChannel.BasicPublishAsync("", queue, mandatory: false, properties, body).AsTask()));
        }
        await done.Task.WaitAsync(Limit);
        return events / clock.Elapsed.TotalSeconds;
    }

    private static void Bounded(Stopwatch clock)
    {
        if (clock.Elapsed > Limit)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"not done within {Limit.TotalMinutes} minutes"));
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
