using Fabriques.ServiceDefaults;

namespace Fabriques.Messaging.Telemetry;

/// <summary>
/// The correlation id rides in the outbox row with the trace context it belongs to: as a member of our own
/// (<c>fabriques-cid=…</c>) of the W3C <c>tracestate</c> stored in <c>trace_state</c>. The relay reads it back and
/// sends it with the event as the <c>X-Correlation-Id</c> header, so the consumer's logs carry the id of the request
/// that raised the event.
/// </summary>
public static class OutboxCorrelation
{
    /// <summary>The W3C limit of a <c>tracestate</c>, and the column's length.</summary>
    public const int MaxTraceStateLength = 512;

    private const string Key = "fabriques-cid";

    /// <summary><paramref name="traceState"/> with <paramref name="correlationId"/> as its first member (W3C: the newest goes left).</summary>
    public static string? Attach(string? traceState, string? correlationId)
    {
        var others = Members(traceState).Where(m => !IsOurs(m));
        var members = CorrelationId.Accept(correlationId) is { } id ? others.Prepend($"{Key}={id}") : others;
        var attached = string.Join(',', members);
        // A trace state that full is left as it came: the trace context matters more than our member.
        return attached.Length == 0 ? null : attached.Length <= MaxTraceStateLength ? attached : traceState;
    }

    /// <summary>The correlation id attached to <paramref name="traceState"/>, if any.</summary>
    public static string? Of(string? traceState) =>
        Members(traceState).FirstOrDefault(IsOurs) is { } member ? CorrelationId.Accept(member[(Key.Length + 1)..]) : null;

    private static IEnumerable<string> Members(string? traceState) =>
        (traceState ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static bool IsOurs(string member) => member.StartsWith(Key + "=", StringComparison.Ordinal);
}
