using System.Collections;
using Microsoft.Extensions.Logging;

namespace Fabriques.ServiceDefaults.Redaction;

/// <summary>
/// Wraps the process's logger factory, so every provider (console, OpenTelemetry, whatever a host adds) receives
/// messages, structured values, scopes and exceptions already redacted — the framework's logs included.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, Redactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner, Redactor redactor) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => state switch
    {
        IEnumerable<KeyValuePair<string, object?>> values => inner.BeginScope(new LazilyRedactedState(redactor, values, state)),
        string text => inner.BeginScope(redactor.Redact(text)),
        _ => inner.BeginScope(state),
    };

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }
        var message = formatter(state, exception);
        var redacted = RedactedState.Of(redactor, state as IEnumerable<KeyValuePair<string, object?>> ?? [], message);
        inner.Log(logLevel, eventId, redacted, RedactedException.Of(redactor, exception), static (s, _) => s.ToString());
    }
}

/// <summary>Structured values and their text, redacted: what providers read from a log entry or a scope.</summary>
internal sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string text)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public static RedactedState Of(Redactor redactor, IEnumerable<KeyValuePair<string, object?>> values, string? text) => new(
        [.. values.Select(v => new KeyValuePair<string, object?>(v.Key, redactor.Redact(v.Key, v.Value)))],
        redactor.Redact(text ?? ""));

    public KeyValuePair<string, object?> this[int index] => values[index];

    public int Count => values.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => text;
}

/// <summary>
/// A scope's values and text, redacted when a provider first reads them: a scope is opened for every request (the
/// host's, the correlation id's), and most end without a log written under them.
/// </summary>
internal sealed class LazilyRedactedState(Redactor redactor, IEnumerable<KeyValuePair<string, object?>> values, object state)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private RedactedState? _redacted;

    // Two first readers at once both compute the same redaction: either result may be kept.
    private RedactedState Redacted => _redacted ??= RedactedState.Of(redactor, values, state.ToString());

    public KeyValuePair<string, object?> this[int index] => Redacted[index];

    public int Count => Redacted.Count;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Redacted.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Redacted.ToString();
}

/// <summary>
/// Stands for an exception whose text carried personal data or a secret (a driver quoting a value, a URI with a
/// password): its message, and its type and stack as text, redacted. Exceptions with nothing to hide are logged as they are.
/// </summary>
internal sealed class RedactedException(string message, string text) : Exception(message)
{
    public static Exception? Of(Redactor redactor, Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }
        var text = exception.ToString();
        var redacted = redactor.Redact(text);
        return redacted == text
            ? exception
            : new RedactedException(redactor.Redact(exception.Message), redacted);
    }

    public override string? StackTrace => text;

    public override string ToString() => text;
}
