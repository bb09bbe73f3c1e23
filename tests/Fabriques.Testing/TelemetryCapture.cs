using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Fabriques.Testing;

/// <summary>
/// Everything a service host logs and traces, as its providers and exporters receive it: a real logger provider
/// (messages, structured values, scopes, exceptions) and a real span exporter after the host's own processors.
/// </summary>
public sealed class TelemetryCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _texts = new();
    private IExternalScopeProvider? _scopes;

    /// <summary>
    /// Captures what <paramref name="builder"/>'s host logs, down to Debug for every category (the framework's
    /// request, SQL and broker logs included), and every span it exports.
    /// </summary>
    public void AttachTo(IWebHostBuilder builder)
    {
        builder.ConfigureTestServices(services =>
        {
            // Instead of the service's levels (Warning for requests and SQL): everything from Debug up.
            services.PostConfigure<LoggerFilterOptions>(filters =>
            {
                filters.Rules.Clear();
                filters.MinLevel = LogLevel.Debug;
            });
            services.AddSingleton<ILoggerProvider>(this);
            services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddProcessor(new SimpleActivityExportProcessor(new SpanExporter(this))));
        });
    }

    /// <summary>Every text seen so far: messages, values and their names, scopes, exceptions, span names, attributes, events.</summary>
    public IReadOnlyCollection<string> Texts => _texts;

    /// <summary>Asserts no log or span carries any of <paramref name="values"/>, even URL-encoded, and shows where one was.</summary>
    public void AssertNowhere(params string[] values)
    {
        foreach (var value in values.Concat(values.Select(Uri.EscapeDataString)))
        {
            var leak = _texts.FirstOrDefault(t => t.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"'{value}' was logged or traced: {leak}");
        }
    }

    /// <summary>Asserts some log or span carries <paramref name="value"/> (ids must stay readable).</summary>
    public void AssertSomewhere(string value) =>
        Assert.True(_texts.Any(t => t.Contains(value, StringComparison.Ordinal)), $"'{value}' appears in no log nor span");

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Add(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _texts.Enqueue(text);
        }
    }

    private void AddValues(object? state)
    {
        Add(state?.ToString());
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                Add($"{key}={value}");
            }
        }
    }

    private sealed class Logger(TelemetryCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            capture.Add(formatter(state, exception));
            capture.AddValues(state);
            capture.Add(exception?.ToString());
            capture._scopes?.ForEachScope((scope, c) => c.AddValues(scope), capture);
        }
    }

    private sealed class SpanExporter(TelemetryCapture capture) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                capture.Add(span.DisplayName);
                capture.Add(span.StatusDescription);
                foreach (var (key, value) in span.TagObjects)
                {
                    capture.Add($"{key}={value}");
                }
                foreach (var @event in span.Events)
                {
                    capture.Add(@event.Name);
                    foreach (var (key, value) in @event.Tags)
                    {
                        capture.Add($"{key}={value}");
                    }
                }
            }
            return ExportResult.Success;
        }
    }
}
