using System.Diagnostics;
using Fabriques.Contracts.Directory;
using Fabriques.Messaging.Outbox;
using Fabriques.Testing.Messaging;
using Fabriques.Testing;
using Microsoft.EntityFrameworkCore;
using Testcontainers.RabbitMq;

namespace Fabriques.Messaging.Tests;

/// <summary>Nothing lost, nothing duplicated: outbox → RabbitMQ → inbox on the real broker and database.</summary>
public sealed class ReliableMessagingTests(Infrastructure infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Events_raised_while_the_broker_is_down_are_all_consumed_exactly_once_when_it_is_back()
    {
        // A broker of its own, on a fixed port, that this test stops and starts again.
        await using var rabbitMq = new RabbitMqBuilder(Infrastructure.RabbitMqImage)
            .WithPortBinding(Network.FreeTcpPort(), RabbitMqBuilder.RabbitMqPort)
            .Build();
        await rabbitMq.StartAsync(TestContext.Current.CancellationToken);
        var database = await infrastructure.CreateDatabaseAsync("messaging");
        await TestService.CreateSchemaAsync(database);
        await using var service = await TestService.StartAsync(database, rabbitMq.GetConnectionString());
        // The consumer's binding written to the broker's disk: killed within a second or two of declaring it, RabbitMQ
        // 4.0 comes back without it and drops what is published until the consumer declares it again (ADR 0020, a
        // gap of the broker's, not the outbox's that this test is about).
        var synced = await rabbitMq.ExecAsync(["rabbitmqctl", "eval", "mnesia:sync_log()."], TestContext.Current.CancellationToken);
        Assert.Equal(0, synced.ExitCode);
        var events = Enumerable.Range(1, 1000).Select(i => TestService.NewEvent($"Lieu {i}")).ToList();

        foreach (var batch in events.Take(300).Chunk(50))
        {
            await service.RaiseAsync(batch);
        }
        await rabbitMq.StopAsync(TestContext.Current.CancellationToken);
        foreach (var batch in events.Skip(300).Chunk(50))
        {
            await service.RaiseAsync(batch);
        }
        Assert.True(await service.PendingInOutboxAsync() > 0, "every event was published before the outage: the test proved nothing");
        await rabbitMq.StartAsync(TestContext.Current.CancellationToken);

        async Task<int> ConsumedAsync() => (await service.EffectsAsync()).Select(e => e.EventId).Distinct().Count();
        try
        {
            await Eventually.SucceedsAsync(async () => await ConsumedAsync() == events.Count,
                TimeSpan.FromMinutes(3), "not every event was consumed after the broker came back");
        }
        catch (TimeoutException timeout)
        {
            // What tells the failures apart: events still in the outbox, waiting in the queue, held by a stuck
            // consumer (unacknowledged), or gone.
            var queues = await rabbitMq.ExecAsync(
                ["rabbitmqctl", "list_queues", "--quiet", "name", "messages_ready", "messages_unacknowledged", "consumers"],
                TestContext.Current.CancellationToken);
            throw new TimeoutException(
                $"{timeout.Message} Consumed: {await ConsumedAsync()} of {events.Count}; " +
                $"still in the outbox: {await service.PendingInOutboxAsync()}; queues (name, ready, unacknowledged, consumers): {queues.Stdout.ReplaceLineEndings("; ")}",
                timeout);
        }
        var effects = await service.EffectsAsync();
        Assert.Equal(events.Count, effects.Count);
        Assert.Equal(events.Select(e => e.EventId).Order(), effects.Select(e => e.EventId).Order());
        Assert.Equal(0, await service.PendingInOutboxAsync());
    }

    [Fact]
    public async Task The_same_event_delivered_twice_has_one_effect()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var service = await TestService.StartAsync(database, broker);
        await using var publisher = await EventProbe<PlaceRegistered>.StartAsync(broker);
        using var duplicates = new MetricCounter(service.MeterFactory, MessagingMetrics.Name, "fabriques.inbox.duplicates_skipped");
        var @event = TestService.NewEvent("Deux fois");

        await publisher.Bus.Publish(@event, TestContext.Current.CancellationToken);
        await publisher.Bus.Publish(@event, TestContext.Current.CancellationToken);

        await Eventually.SucceedsAsync(() => Task.FromResult(duplicates.Total >= 1), Patience, "the duplicate was not skipped");
        Assert.Single(await service.EffectsAsync(), e => e.EventId == @event.EventId);
    }

    [Fact]
    public async Task A_rolled_back_transaction_publishes_nothing()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var service = await TestService.StartAsync(database, broker);
        var rolledBack = TestService.NewEvent("Annulé");
        var committed = TestService.NewEvent("Validé");

        await service.QueryAsync(db => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Publish(rolledBack);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        }));
        await service.RaiseAsync([committed]);

        // Events are published in order: once the later one is consumed, the earlier would have been too.
        await Eventually.SucceedsAsync(async () => (await service.EffectsAsync()).Any(e => e.EventId == committed.EventId),
            Patience, "the committed event was not consumed");
        Assert.DoesNotContain(await service.EffectsAsync(), e => e.EventId == rolledBack.EventId);
        Assert.False(await service.QueryAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.EventId == rolledBack.EventId)));
    }

    [Fact]
    public async Task Two_relays_on_one_outbox_publish_each_event_once()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var first = await TestService.StartAsync(database, broker);
        await using var second = await TestService.StartAsync(database, broker);
        await using var probe = await EventProbe<PlaceRegistered>.StartAsync(broker);
        var events = Enumerable.Range(1, 500).Select(i => TestService.NewEvent($"Lieu {i}")).ToList();

        // Both replicas raise events, both relays compete for the same rows.
        await Task.WhenAll(
            first.RaiseAsync(events.Take(250)),
            second.RaiseAsync(events.Skip(250)));

        await Eventually.SucceedsAsync(() => Task.FromResult(probe.Received.Count >= events.Count), Patience,
            "not every event reached the broker");
        await Eventually.SucceedsAsync(async () => await first.PendingInOutboxAsync() == 0, Patience, "the outbox did not drain");
        Assert.Equal(events.Count, probe.Received.Count);
        Assert.Equal(events.Select(e => e.EventId).Order(), probe.Received.Select(c => c.Message.EventId).Order());
    }

    [Fact]
    public async Task The_events_of_one_aggregate_reach_the_broker_in_the_order_they_were_raised()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var probe = await EventProbe<PlaceRegistered>.StartAsync(broker, oneAtATime: true);
        await using var service = await TestService.StartAsync(database, broker);
        // Twenty versions of ten places, interleaved and raised in many transactions: the relay takes them in batches
        // and publishes the places of a batch concurrently, so only the per-place order is promised.
        var places = Enumerable.Range(1, 10).Select(_ => Guid.CreateVersion7()).ToList();
        var events = Enumerable.Range(1, 20)
            .SelectMany(version => places.Select(place => TestService.NewEvent($"Version {version}") with { PlaceId = place }))
            .ToList();

        foreach (var transaction in events.Chunk(15))
        {
            await service.RaiseAsync(transaction);
        }

        await Eventually.SucceedsAsync(() => Task.FromResult(probe.Received.Count >= events.Count), Patience,
            "not every event reached the broker");
        var received = probe.Received.Select(c => c.Message).ToList();
        Assert.Equal(events.Count, received.Count);
        Assert.All(places, place => Assert.Equal(
            events.Where(e => e.PlaceId == place).Select(e => e.EventId),
            received.Where(e => e.PlaceId == place).Select(e => e.EventId)));
    }

    [Fact]
    public async Task An_effect_committed_before_a_lost_acknowledgement_is_not_applied_again()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var service = await TestService.StartAsync(database, broker);
        using var duplicates = new MetricCounter(service.MeterFactory, MessagingMetrics.Name, "fabriques.inbox.duplicates_skipped");
        var @event = TestService.NewEvent("Ack perdu");
        service.Faults.LoseAckOnce(@event.EventId);
        var later = TestService.NewEvent("Suivant");

        await service.RaiseAsync([@event, later]);

        // The two events are consumed concurrently, in either order: wait for both, and for the redelivery of the one
        // whose acknowledgement was lost to have been recognised.
        await Eventually.SucceedsAsync(async () => duplicates.Total >= 1 && (await service.EffectsAsync()).Any(e => e.EventId == later.EventId),
            Patience, "the events were not consumed, or the redelivery was not skipped");
        Assert.Single(await service.EffectsAsync(), e => e.EventId == @event.EventId);
        Assert.Single(await service.EffectsAsync(), e => e.EventId == later.EventId);
    }

    [Fact]
    public async Task A_consumer_process_killed_mid_batch_leaves_each_effect_exactly_once()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        var events = Enumerable.Range(1, 300).Select(i => TestService.NewEvent($"Lieu {i}")).ToList();
        var doomedAccount = await infrastructure.CreateAccountAsync(broker);
        // Handlings after the 100th are held: the process dies with a batch in flight, after others have committed.
        var faults = new Faults();
        faults.HoldAfter(100);
        var doomed = await TestService.StartAsync(database, doomedAccount, faults);
        await doomed.RaiseAsync(events);
        await faults.Holding.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await Eventually.SucceedsAsync(async () => (await doomed.EffectsAsync()).Count > 0, Patience, "no batch committed before the held one");

        await doomed.KillAsync(infrastructure, database, doomedAccount);
        var partial = (await QueryEffects(database)).Count;
        await using var successor = await TestService.StartAsync(database, broker);

        try
        {
            await Eventually.SucceedsAsync(async () => (await successor.EffectsAsync()).Select(e => e.EventId).Distinct().Count() == events.Count,
                Patience, "the successor did not finish the batch");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Queues: {string.Join("; ", await infrastructure.QueuesAsync(broker))}", timeout);
        }
        var effects = await successor.EffectsAsync();
        Assert.InRange(partial, 1, 100);
        Assert.Equal(events.Count, effects.Count);
    }

    [Fact]
    public async Task A_poison_event_goes_to_the_error_queue_and_is_replayed_once_after_the_fix()
    {
        var (database, broker) = await NewServiceResourcesAsync();
        await using var service = await TestService.StartAsync(database, broker);
        var poison = TestService.NewEvent(Faults.PoisonName);

        await service.RaiseAsync([poison]);

        // The count the janitor reports (fabriques.messaging.dead_letters) asks only about error queues known to exist:
        // this one was created by the fault, after the count had last looked for new queues at the start.
        await Eventually.SucceedsAsync(async () => await service.DeadLetters.CountAsync(TestContext.Current.CancellationToken) == 1,
            Patience, "the dead-letter count did not see the error queue the fault created");
        var letter = await Eventually.ReturnsAsync(async () =>
                (await service.DeadLetters.ListAsync(TestContext.Current.CancellationToken)).FirstOrDefault(),
            Patience, "the poison event did not reach the error queue");
        Assert.Equal(poison.EventId.ToString(), letter.MessageId);
        Assert.Equal(typeof(InvalidOperationException).FullName, letter.ExceptionType);
        Assert.Contains("poison", letter.ExceptionMessage, StringComparison.Ordinal);
        Assert.Empty(await service.EffectsAsync());

        service.Faults.PoisonFixed = true;
        var replayed = await service.DeadLetters.ReplayAsync(letter.MessageId, TestContext.Current.CancellationToken);

        Assert.Equal(1, replayed);
        await Eventually.SucceedsAsync(async () => (await service.EffectsAsync()).Count == 1, Patience, "the replayed event was not consumed");
        Assert.Empty(await service.DeadLetters.ListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await service.DeadLetters.ReplayAsync(null, TestContext.Current.CancellationToken));
        Assert.Single(await service.EffectsAsync());
    }

    [Fact]
    public async Task The_consumer_continues_the_trace_of_the_request_that_raised_the_event()
    {
        using var listener = ActivityRecorder.ListenToEverything();
        var (database, broker) = await NewServiceResourcesAsync();
        await using var service = await TestService.StartAsync(database, broker);
        var @event = TestService.NewEvent("Tracé");

        string traceId;
        using (var request = new ActivitySource("Fabriques.Tests").StartActivity("POST /places"))
        {
            traceId = request!.TraceId.ToString();
            await service.RaiseAsync([@event]);
        }

        var effect = await Eventually.ReturnsAsync(async () => (await service.EffectsAsync()).FirstOrDefault(e => e.EventId == @event.EventId),
            Patience, "the event was not consumed");
        Assert.Equal(traceId, effect.TraceId);
    }

    private async Task<(string Database, string Broker)> NewServiceResourcesAsync()
    {
        var database = await infrastructure.CreateDatabaseAsync("messaging");
        await TestService.CreateSchemaAsync(database);
        return (database, await infrastructure.CreateVirtualHostAsync("messaging"));
    }

    private static async Task<List<Effect>> QueryEffects(string database)
    {
        await using var db = new TestServiceDb(new DbContextOptionsBuilder<TestServiceDb>()
            .UseNpgsql(database).UseSnakeCaseNamingConvention().Options);
        return await db.Effects.AsNoTracking().ToListAsync();
    }
}
