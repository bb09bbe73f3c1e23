using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fabriques.Testing.Messaging;

/// <summary>Sums what an instrument of one process records (its meter factory is the scope), as a dashboard would.</summary>
public sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    /// <param name="consumer">Counts only the measurements of this consumer (tag <c>consumer</c>), when given.</param>
    public MetricCounter(IMeterFactory process, string meter, string instrument, string? consumer = null)
    {
        _listener.InstrumentPublished = (i, listener) =>
        {
            if (i.Meter.Scope == process && i.Meter.Name == meter && i.Name == instrument)
            {
                listener.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (consumer is null || HasConsumer(tags, consumer))
            {
                Interlocked.Add(ref _total, value);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();

    private static bool HasConsumer(ReadOnlySpan<KeyValuePair<string, object?>> tags, string consumer)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "consumer" && (string?)tag.Value == consumer)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Samples every activity, as the OpenTelemetry SDK does when the dashboard listens.</summary>
public static class ActivityRecorder
{
    public static ActivityListener ListenToEverything()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
