using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Fabriques.Testing.Messaging;

/// <summary>Sums what an instrument of one process records (its meter factory is the scope), as a dashboard would.</summary>
public sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public MetricCounter(IMeterFactory process, string meter, string instrument)
    {
        _listener.InstrumentPublished = (i, listener) =>
        {
            if (i.Meter.Scope == process && i.Meter.Name == meter && i.Name == instrument)
            {
                listener.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
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
