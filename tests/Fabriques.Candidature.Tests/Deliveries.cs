using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Candidature.Tests;

/// <summary>
/// Counts the deliveries one consumer of the host handled, applied or recognised as duplicates (from the messaging
/// meter of that host only): a test then knows a redelivery has been dealt with, instead of guessing a delay.
/// </summary>
public sealed class Deliveries : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public Deliveries(CandidatureHost host, string consumer)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name is "fabriques.inbox.consumed" or "fabriques.inbox.duplicates_skipped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "consumer", Value: string name } && name == consumer)
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public Task WaitForAsync(long count) => Testing.Eventually.SucceedsAsync(
        () => Task.FromResult(Count >= count), TimeSpan.FromSeconds(30), $"{count} deliveries were not handled");

    public void Dispose() => _listener.Dispose();
}
