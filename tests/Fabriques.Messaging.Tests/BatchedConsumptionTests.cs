using Fabriques.Testing;
using Fabriques.Testing.Messaging;

namespace Fabriques.Messaging.Tests;

/// <summary>Events consumed in batches keep their exactly-once effect when one of a batch fails.</summary>
public sealed class BatchedConsumptionTests(Infrastructure infrastructure)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_poison_event_in_a_batch_goes_to_the_error_queue_alone_and_its_neighbours_are_applied_once()
    {
        var database = await infrastructure.CreateDatabaseAsync("messaging");
        await TestService.CreateSchemaAsync(database);
        var broker = await infrastructure.CreateVirtualHostAsync("messaging");
        // The first handling is held until every event is published: the others queue up behind it and form batches.
        var faults = new Faults();
        faults.HoldAfter(0);
        await using var service = await TestService.StartAsync(database, broker, faults);
        using var fallbacks = new MetricCounter(service.MeterFactory, MessagingMetrics.Name, "fabriques.inbox.batch_fallbacks");
        var events = Enumerable.Range(1, 100).Select(i => TestService.NewEvent($"Lieu {i}")).ToList();
        var poison = TestService.NewEvent(Faults.PoisonName);
        events.Insert(50, poison);

        await service.RaiseAsync(events);
        await faults.Holding.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await Eventually.SucceedsAsync(async () => await service.PendingInOutboxAsync() == 0, Patience, "the relay did not publish every event");
        faults.Release();

        IReadOnlyList<DeadLetters.DeadLetter> letters;
        try
        {
            letters = await Eventually.ReturnsAsync(async () =>
            {
                var listed = await service.DeadLetters.ListAsync(TestContext.Current.CancellationToken);
                return listed.Count > 0 ? listed : null;
            }, Patience, "the poison event did not reach the error queue");
            await Eventually.SucceedsAsync(async () => (await service.EffectsAsync()).Count >= events.Count - 1, Patience,
                "the poison's neighbours were not all consumed");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                $"{timeout.Message} Effects: {(await service.EffectsAsync()).Count}, batches fallen back: {fallbacks.Total}, queues: {string.Join("; ", await infrastructure.QueuesAsync(broker))}",
                timeout);
        }

        // One batch, the poison's, fell back; the others committed as batches (every one falling back would mean
        // batching never works, though each event still ends up applied once).
        Assert.True(fallbacks.Total == 1, $"{fallbacks.Total} batches fell back, expected only the poison's");
        var letter = Assert.Single(letters);
        Assert.Equal(poison.EventId.ToString(), letter.MessageId);
        var effects = await service.EffectsAsync();
        Assert.Equal(events.Where(e => e != poison).Select(e => e.EventId).Order(), effects.Select(e => e.EventId).Order());
        Assert.Single(await service.DeadLetters.ListAsync(TestContext.Current.CancellationToken));
    }
}
