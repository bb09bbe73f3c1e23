namespace Fabriques.Messaging.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> of one caller on one route: reserved while the first request runs, then its answer,
/// replayed to any retry with the same body until it expires.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Subject { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of the query string and body: the same key with another request is refused, not replayed.</summary>
    public required byte[] RequestHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Null while the first request is still running.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    public int? StatusCode { get; init; }
    public string? Location { get; init; }
    public string? ETag { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Body { get; init; }
}
