using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Fabriques.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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

/// <summary>
/// An OTLP/HTTP receiver (protobuf, <c>/v1/traces</c>) that every process of the AppHost exports its spans to, in place
/// of the dashboard the tests do not start; it keeps them for the tests to read whole traces.
/// </summary>
public sealed class TraceCollector : IAsyncDisposable
{
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();
    private readonly WebApplication _app;

    private TraceCollector()
    {
        _app = Network.LoopbackApp();
        _app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            foreach (var span in OtlpTraces.Read(body.ToArray()))
            {
                _spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        // Metrics and logs are accepted and dropped: the exporters must not fail, the tests read traces only.
        _app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
    }

    public static async Task<TraceCollector> StartAsync()
    {
        var collector = new TraceCollector();
        await collector._app.StartAsync();
        return collector;
    }

    /// <summary>Points every project of the app model at this receiver, over OTLP/HTTP.</summary>
    public void ReceiveFrom(IDistributedApplicationTestingBuilder builder)
    {
        var endpoint = _app.Urls.Single();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        }
    }

    public IReadOnlyList<ExportedSpan> Trace(string traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

    /// <summary>Every span received so far named <paramref name="name"/>, or starting with it.</summary>
    public IReadOnlyList<ExportedSpan> Named(string name) =>
        _spans.Where(s => s.Name.StartsWith(name, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, trace/v1): the few fields the tests need,
/// straight from the protobuf wire format (the OTLP message package is not available here).
/// </summary>
internal static class OtlpTraces
{
    public static IEnumerable<ExportedSpan> Read(byte[] request)
    {
        foreach (var resourceSpans in Fields(request).Where(f => f.Number == 1))
        {
            var fields = Fields(resourceSpans.Bytes).ToList();
            var resource = fields.Where(f => f.Number == 1).SelectMany(r => Attributes(r.Bytes, 1)).ToDictionary();
            var service = resource.GetValueOrDefault("service.name", "?");
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                var scopeFields = Fields(scopeSpans.Bytes).ToList();
                var source = scopeFields.Where(f => f.Number == 1)
                    .SelectMany(s => Fields(s.Bytes).Where(f => f.Number == 1)).Select(f => Text(f.Bytes)).FirstOrDefault() ?? "";
                foreach (var span in scopeFields.Where(f => f.Number == 2))
                {
                    yield return Span(service, source, span.Bytes);
                }
            }
        }
    }

    private static ExportedSpan Span(string service, string source, byte[] span)
    {
        var fields = Fields(span).ToList();
        byte[] Bytes(int number) => fields.FirstOrDefault(f => f.Number == number)?.Bytes ?? [];
        return new ExportedSpan(service, source,
            TraceId: Convert.ToHexStringLower(Bytes(1)), SpanId: Convert.ToHexStringLower(Bytes(2)),
            ParentSpanId: Convert.ToHexStringLower(Bytes(4)), Name: Text(Bytes(5)),
            Kind: (SpanKind)(fields.FirstOrDefault(f => f.Number == 6)?.Varint ?? 0),
            Attributes: Attributes(span, 9).ToDictionary())
        {
            StartNanos = fields.FirstOrDefault(f => f.Number == 7)?.Varint ?? 0,
            EndNanos = fields.FirstOrDefault(f => f.Number == 8)?.Varint ?? 0,
        };
    }

    /// <summary>The string-valued <c>KeyValue</c>s of field <paramref name="number"/> (key 1, <c>AnyValue.string_value</c> 2.1).</summary>
    private static IEnumerable<KeyValuePair<string, string>> Attributes(byte[] message, int number)
    {
        foreach (var attribute in Fields(message).Where(f => f.Number == number))
        {
            var parts = Fields(attribute.Bytes).ToList();
            var key = parts.FirstOrDefault(f => f.Number == 1)?.Bytes;
            var value = parts.FirstOrDefault(f => f.Number == 2)?.Bytes is { } any
                ? Fields(any).FirstOrDefault(f => f.Number == 1)?.Bytes
                : null;
            if (key is not null && value is not null)
            {
                yield return new(Text(key), Text(value));
            }
        }
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private sealed record Field(int Number, ulong Varint, byte[] Bytes);

    private static IEnumerable<Field> Fields(byte[] message)
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
                    // fixed64 (a span's start and end times), little-endian.
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
