using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Fabriques.Testing;

/// <summary>What a service reports to the dashboard, captured in its test host: metrics as a scrape reads them, logs with their scopes.</summary>
public static class DashboardTelemetry
{
    /// <summary>
    /// The service samples its business gauges every 200 ms (a test sees a change at once) and keeps every log it
    /// writes, scopes included, in its <see cref="FakeLogCollector"/> (a logging provider like the OpenTelemetry one).
    /// </summary>
    public static IWebHostBuilder CaptureTelemetry(this IWebHostBuilder builder)
    {
        builder.UseSetting("Metrics:SampleInterval", "00:00:00.200");
        return builder.ConfigureLogging(logging => logging.AddFakeLogging());
    }

    /// <summary>Every field of a log record, as the dashboard shows them: its scopes' and its own, as text.</summary>
    public static IReadOnlyDictionary<string, string?> Fields(this FakeLogRecord record) =>
        record.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>()
            .SelectMany(scope => scope.Select(f => (f.Key, Value: Convert.ToString(f.Value, CultureInfo.InvariantCulture))))
            .Concat((record.StructuredState ?? []).Select(f => (f.Key, f.Value)))
            .GroupBy(f => f.Key)
            .ToDictionary(f => f.Key, f => f.Last().Value);

    /// <summary>What an observable gauge reports now for the series with <paramref name="tags"/>; null when it reports none.</summary>
    public static T? Observe<T>(this MetricCollector<T> gauge, params (string Key, object Value)[] tags) where T : struct
    {
        gauge.RecordObservableInstruments();
        return gauge.GetMeasurementSnapshot(clear: true).LastOrDefault(m => m.HasTags(tags))?.Value;
    }

    /// <summary>The total a counter recorded for the series with <paramref name="tags"/>.</summary>
    public static long Total(this MetricCollector<long> counter, params (string Key, object Value)[] tags) =>
        counter.GetMeasurementSnapshot().Where(m => m.HasTags(tags)).Sum(m => m.Value);

    private static bool HasTags<T>(this CollectedMeasurement<T> measurement, (string Key, object Value)[] tags) where T : struct =>
        tags.All(t => measurement.Tags.TryGetValue(t.Key, out var value) && Equals(value, t.Value));
}
