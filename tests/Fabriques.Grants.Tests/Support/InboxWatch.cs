using System.Diagnostics.Metrics;
using Fabriques.Messaging;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Grants.Tests.Support;

/// <summary>
/// Counts the events one host's consumers took in (applied, or recognised as duplicates and skipped), from the
/// messaging meter: a test knows a redelivery was handled without sleeping a guessed time.
/// </summary>
public sealed class InboxWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _handled;

    public InboxWatch(GrantsHost host)
    {
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingMetrics.Name && ReferenceEquals(instrument.Meter.Scope, meters)
                && instrument.Name is "fabriques.inbox.consumed" or "fabriques.inbox.duplicates_skipped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _handled, value));
        _listener.Start();
    }

    public Task HandledAsync(long count) => Eventually.SucceedsAsync(
        () => Task.FromResult(Interlocked.Read(ref _handled) >= count), TimeSpan.FromSeconds(30),
        $"the grants service did not take in {count} event(s)");

    public void Dispose() => _listener.Dispose();
}
