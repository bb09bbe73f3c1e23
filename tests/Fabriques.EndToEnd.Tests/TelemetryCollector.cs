using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Fabriques.EndToEnd.Tests.Protobuf;

namespace Fabriques.EndToEnd.Tests;

/// <summary>A span as a service exported it: the process (<c>service.name</c>), its source, its place in the trace.</summary>
public sealed record ExportedSpan(
    string Service, string Source, string TraceId, string SpanId, string ParentSpanId, string Name, SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Start and end, in nanoseconds since the Unix epoch (every process reads the same clock here).</summary>
    public ulong StartNanos { get; init; }
    public ulong EndNanos { get; init; }

    public override string ToString() => $"{Service}: {Name} ({Kind})";
}

public enum SpanKind { Unspecified, Internal, Server, Client, Producer, Consumer }

/// <summary>A log record as a service exported it: the process, its category, when, how severe, what it says.</summary>
public sealed record ExportedLog(string Service, string Category, DateTimeOffset At, LogSeverity Severity, string Message)
{
    public override string ToString() => $"{At:HH:mm:ss.fff} {Service} {Severity} {Category}: {Message}";
}

/// <summary>OTLP's severity numbers, by range (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal).</summary>
public enum LogSeverity { Unspecified = 0, Trace = 1, Debug = 5, Information = 9, Warning = 13, Error = 17, Critical = 21 }

/// <summary>An instrument as a service exported it: its OTLP name, unit and kind, and the tag keys of its points.</summary>
public sealed record ExportedMetric(string Service, string Name, string Unit, MetricKind Kind, IReadOnlySet<string> TagKeys);

public enum MetricKind { Gauge, Counter, UpDownCounter, Histogram }

/// <summary>
/// An OTLP/HTTP receiver (protobuf, <c>/v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c>) that every process of the
/// AppHost exports to, in place of the dashboard the tests do not start; it keeps spans, logs and instruments for the
/// tests to read whole traces, the logs of a start, and the names of what the services really emit.
/// </summary>
public sealed class TelemetryCollector : IAsyncDisposable
{
    /// <summary>How often the processes export logs and metrics: often, so a test does not wait long for them.</summary>
    public static readonly TimeSpan ExportInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly ConcurrentQueue<ExportedLog> _logs = new();
    private readonly ConcurrentDictionary<(string Service, string Name), ExportedMetric> _metrics = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastMetricsExport = new();
    private readonly WebApplication _app;

    private TelemetryCollector()
    {
        _app = Network.LoopbackApp();
        _app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            foreach (var span in OtlpTraces.Read(await BodyAsync(context)))
            {
                _spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        _app.MapPost("/v1/logs", async (HttpContext context) =>
        {
            foreach (var log in OtlpLogs.Read(await BodyAsync(context)))
            {
                _logs.Enqueue(log);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        _app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            var received = DateTimeOffset.UtcNow;
            foreach (var metric in OtlpMetrics.Read(await BodyAsync(context)))
            {
                _metrics.AddOrUpdate((metric.Service, metric.Name), metric, (_, known) =>
                    known with { TagKeys = known.TagKeys.Union(metric.TagKeys).ToHashSet() });
                _lastMetricsExport[metric.Service] = received;
            }
            return Results.Bytes([], "application/x-protobuf");
        });
    }

    public static async Task<TelemetryCollector> StartAsync()
    {
        var collector = new TelemetryCollector();
        await collector._app.StartAsync();
        return collector;
    }

    /// <summary>Points every project of the app model at this receiver, over OTLP/HTTP, exporting every second.</summary>
    public void ReceiveFrom(IDistributedApplicationTestingBuilder builder)
    {
        var endpoint = _app.Urls.Single();
        var interval = ((int)ExportInterval.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", interval)
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", interval)
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", interval);
        }
    }

    public IReadOnlyList<ExportedSpan> Trace(string traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

    /// <summary>Every span received so far named <paramref name="name"/>, or starting with it.</summary>
    public IReadOnlyList<ExportedSpan> Named(string name) =>
        _spans.Where(s => s.Name.StartsWith(name, StringComparison.Ordinal)).ToList();

    /// <summary>Every span of that name, whatever its trace.</summary>
    public IReadOnlyList<ExportedSpan> Spans(string name) => _spans.Where(s => s.Name == name).ToList();

    public IReadOnlyList<ExportedLog> Logs => [.. _logs];

    public IReadOnlyList<ExportedMetric> Metrics => [.. _metrics.Values];

    /// <summary>
    /// The processes whose last metrics export arrived before <paramref name="moment"/>. A process exports its metrics
    /// and its logs on timers of the same period: once it has exported metrics a period after a moment, the logs it
    /// wrote before that moment have been exported too.
    /// </summary>
    public IReadOnlyList<string> NotExportedSince(DateTimeOffset moment, IEnumerable<string> services) =>
        [.. services.Where(s => !_lastMetricsExport.Any(e => e.Key.Contains(s, StringComparison.OrdinalIgnoreCase) && e.Value > moment))];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }
}

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, trace/v1): the few fields the tests need,
/// straight from the protobuf wire format (the OTLP message package is not available here).
/// </summary>
internal static class OtlpTraces
{
    public static IEnumerable<ExportedSpan> Read(byte[] request) =>
        Protobuf.Scoped(request).Select(item => Span(item.Service, item.Scope, item.Item));

    private static ExportedSpan Span(string service, string source, byte[] span)
    {
        var fields = Fields(span).ToList();
        byte[] Bytes(int number) => fields.FirstOrDefault(f => f.Number == number)?.Bytes ?? [];
        return new ExportedSpan(service, source,
            TraceId: Convert.ToHexStringLower(Bytes(1)), SpanId: Convert.ToHexStringLower(Bytes(2)),
            ParentSpanId: Convert.ToHexStringLower(Bytes(4)), Name: Text(Bytes(5)),
            Kind: (SpanKind)(fields.FirstOrDefault(f => f.Number == 6)?.Varint ?? 0),
            Attributes: Protobuf.Attributes(span, 9).ToDictionary())
        {
            StartNanos = fields.FirstOrDefault(f => f.Number == 7)?.Varint ?? 0,
            EndNanos = fields.FirstOrDefault(f => f.Number == 8)?.Varint ?? 0,
        };
    }
}

/// <summary>Reads an OTLP <c>ExportLogsServiceRequest</c> (logs/v1): service, scope (the category), time, severity, body.</summary>
internal static class OtlpLogs
{
    public static IEnumerable<ExportedLog> Read(byte[] request)
    {
        foreach (var (service, category, record) in Protobuf.Scoped(request))
        {
            var fields = Fields(record).ToList();
            var nanoseconds = fields.FirstOrDefault(f => f.Number == 1)?.Varint is { } at and > 0
                ? at
                : fields.FirstOrDefault(f => f.Number == 11)?.Varint ?? 0;
            var body = fields.FirstOrDefault(f => f.Number == 5)?.Bytes is { } any
                ? Fields(any).FirstOrDefault(f => f.Number == 1)?.Bytes
                : null;
            var severity = (int)(fields.FirstOrDefault(f => f.Number == 2)?.Varint ?? 0);
            yield return new ExportedLog(service, category,
                DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100)),
                severity == 0 ? LogSeverity.Unspecified : (LogSeverity)((severity - 1) / 4 * 4 + 1),
                body is null ? "" : Text(body));
        }
    }
}

/// <summary>Reads an OTLP <c>ExportMetricsServiceRequest</c> (metrics/v1): each metric's name, unit, kind and tag keys.</summary>
internal static class OtlpMetrics
{
    public static IEnumerable<ExportedMetric> Read(byte[] request)
    {
        foreach (var (service, _, metric) in Protobuf.Scoped(request))
        {
            var fields = Fields(metric).ToList();
            string StringField(int number) => fields.FirstOrDefault(f => f.Number == number)?.Bytes is { } b ? Text(b) : "";
            // gauge 5, sum 7 (is_monotonic 3), histogram 9, exponential histogram 10; points are field 1 of each,
            // their attributes field 7 (number points) or 9 (histogram points).
            var (kind, data, attributesField) = fields.FirstOrDefault(f => f.Number is 5 or 7 or 9 or 10) switch
            {
                { Number: 5 } gauge => (MetricKind.Gauge, gauge.Bytes, 7),
                { Number: 7 } sum => (Fields(sum.Bytes).Any(f => f.Number == 3 && f.Varint == 1) ? MetricKind.Counter : MetricKind.UpDownCounter, sum.Bytes, 7),
                { } histogram => (MetricKind.Histogram, histogram.Bytes, 9),
                null => (MetricKind.Gauge, Array.Empty<byte>(), 7),
            };
            var tagKeys = Fields(data).Where(f => f.Number == 1)
                .SelectMany(point => Fields(point.Bytes).Where(f => f.Number == attributesField))
                .Select(attribute => Fields(attribute.Bytes).FirstOrDefault(f => f.Number == 1)?.Bytes)
                .OfType<byte[]>()
                .Select(Text)
                .ToHashSet();
            yield return new ExportedMetric(service, StringField(1), StringField(3), kind, tagKeys);
        }
    }
}

/// <summary>The parts of the protobuf wire format the three OTLP readers share.</summary>
internal static class Protobuf
{
    /// <summary>
    /// The items (spans, log records, metrics) of an OTLP export request, each with its resource's <c>service.name</c>
    /// and its scope's name: the three signals nest alike (resource 1 / scope list 2 / scope 1, items 2).
    /// </summary>
    public static IEnumerable<(string Service, string Scope, byte[] Item)> Scoped(byte[] request)
    {
        foreach (var resourceItems in Fields(request).Where(f => f.Number == 1))
        {
            var fields = Fields(resourceItems.Bytes).ToList();
            var resource = fields.Where(f => f.Number == 1).SelectMany(r => Attributes(r.Bytes, 1)).ToDictionary();
            var service = resource.GetValueOrDefault("service.name", "?");
            foreach (var scopeItems in fields.Where(f => f.Number == 2))
            {
                var scopeFields = Fields(scopeItems.Bytes).ToList();
                var scope = scopeFields.Where(f => f.Number == 1)
                    .SelectMany(s => Fields(s.Bytes).Where(f => f.Number == 1)).Select(f => Text(f.Bytes)).FirstOrDefault() ?? "";
                foreach (var item in scopeFields.Where(f => f.Number == 2))
                {
                    yield return (service, scope, item.Bytes);
                }
            }
        }
    }

    /// <summary>
    /// The string- and integer-valued <c>KeyValue</c>s of field <paramref name="number"/> (key 1,
    /// <c>AnyValue.string_value</c> 2.1 or <c>int_value</c> 2.3), as text.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Attributes(byte[] message, int number)
    {
        foreach (var attribute in Fields(message).Where(f => f.Number == number))
        {
            var parts = Fields(attribute.Bytes).ToList();
            var key = parts.FirstOrDefault(f => f.Number == 1)?.Bytes;
            var value = parts.FirstOrDefault(f => f.Number == 2)?.Bytes is { } any
                ? Fields(any).FirstOrDefault(f => f.Number is 1 or 3) switch
                {
                    { Number: 1 } text => Text(text.Bytes),
                    { Number: 3 } integer => ((long)integer.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => null,
                }
                : null;
            if (key is not null && value is not null)
            {
                yield return new(Text(key), value);
            }
        }
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>A field: its number, its value when a varint or fixed64, its bytes when length-delimited.</summary>
    public sealed record Field(int Number, ulong Varint, byte[] Bytes);

    public static IEnumerable<Field> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    yield return new Field(number, ReadVarint(message, ref position), []);
                    break;
                case 1:
                    yield return new Field(number, BitConverter.ToUInt64(message, position), []);
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return new Field(number, 0, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
