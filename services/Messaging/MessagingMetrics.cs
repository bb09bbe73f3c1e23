using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fabriques.Messaging;

/// <summary>The <c>Fabriques.Messaging</c> meter and activity source, shared by the relay and the consumers.</summary>
public sealed class MessagingMetrics : IDisposable
{
    public const string Name = "Fabriques.Messaging";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _duplicatesSkipped;
    private readonly Counter<long> _consumed;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _batchFallbacks;
    private long _pending;
    private long _deadLetters;
    private double _oldestPendingAgeSeconds;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _published = _meter.CreateCounter<long>("fabriques.outbox.published", "{event}", "Events the outbox relay published to RabbitMQ (confirmed by the broker).");
        _publishFailures = _meter.CreateCounter<long>("fabriques.outbox.publish_failures", "{event}", "Publication attempts that failed and will be retried.");
        _duplicatesSkipped = _meter.CreateCounter<long>("fabriques.inbox.duplicates_skipped", "{event}", "Redelivered events a consumer recognised and skipped.");
        _consumed = _meter.CreateCounter<long>("fabriques.inbox.consumed", "{event}", "Events consumed with their effect committed.");
        _batchSize = _meter.CreateHistogram("fabriques.inbox.batch_size", "{event}", "Events a consumer committed in one transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        _batchFallbacks = _meter.CreateCounter<long>("fabriques.inbox.batch_fallbacks", "{batch}", "Batches rolled back by a failure, whose events were then consumed one by one.");
        _meter.CreateObservableGauge("fabriques.outbox.pending", () => Volatile.Read(ref _pending), "{event}", "Events stored in the outbox, not yet published.");
        _meter.CreateObservableGauge("fabriques.messaging.dead_letters", () => Volatile.Read(ref _deadLetters), "{message}", "Messages in this service's _error queues, waiting for an operator.");
        _meter.CreateObservableGauge("fabriques.outbox.oldest_pending_age", () => Volatile.Read(ref _oldestPendingAgeSeconds), "s", "Age of the oldest event not yet published.");
    }

    public long Pending => Volatile.Read(ref _pending);
    public TimeSpan OldestPendingAge => TimeSpan.FromSeconds(Volatile.Read(ref _oldestPendingAgeSeconds));

    public void Published(string type, int count = 1) => _published.Add(count, new KeyValuePair<string, object?>("event.type", type));
    public void PublishFailed(string type) => _publishFailures.Add(1, new KeyValuePair<string, object?>("event.type", type));
    public void DuplicateSkipped(string consumer) => _duplicatesSkipped.Add(1, new KeyValuePair<string, object?>("consumer", consumer));
    public void Consumed(string consumer) => _consumed.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void BatchCommitted(string consumer, int size) => _batchSize.Record(size, new KeyValuePair<string, object?>("consumer", consumer));
    public void BatchFellBack(string consumer) => _batchFallbacks.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    public void DeadLetters(long count) => Volatile.Write(ref _deadLetters, count);

    public void Backlog(long pending, TimeSpan oldestAge)
    {
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _oldestPendingAgeSeconds, oldestAge.TotalSeconds);
    }

    public void Dispose() => _meter.Dispose();
}
