using System.Net;

namespace Fabriques.Notification.Domain;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    /// <summary>Given up: the retry window is over, or the receiver answered 410 Gone.</summary>
    Failed,
}

/// <summary>How one attempt ended.</summary>
public enum AttemptStatus
{
    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,
    /// <summary>The receiver answered something else.</summary>
    Failed,
    /// <summary>No answer within the delivery timeout.</summary>
    TimedOut,
    /// <summary>The receiver could not be reached (DNS, connection, TLS).</summary>
    Unreachable,
    /// <summary>The target now resolves to a forbidden address (SSRF guard); nothing was sent.</summary>
    Refused,
}

/// <summary>
/// One event to send to one subscription: the CloudEvent body, fixed when the event arrived so every attempt
/// sends the same bytes, and the persisted schedule of its attempts.
/// </summary>
public sealed class Delivery
{
    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public Guid EventId { get; private set; }
    public string EventType { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>When the dispatcher may take it (again); null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    private Delivery()
    {
    }

    public static Delivery Schedule(Guid subscriptionId, Guid eventId, string eventType, string payload, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = subscriptionId,
        EventId = eventId,
        EventType = eventType,
        Payload = payload,
        Status = DeliveryStatus.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>
    /// Records an attempt (the caller stores the returned log entry) and decides what follows: done on 2xx, given up on 410 (the caller disables the
    /// subscription) or when the schedule is over, otherwise tried again later.
    /// </summary>
    /// <param name="leasedUntil">
    /// The next attempt the dispatcher's lease set when it took the delivery. If the delivery no longer says so, its
    /// owner asked for it again (<see cref="Redeliver"/>) while this attempt was under way: it stays due then, since
    /// the request may have come after the receiver's answer (a 410 still ends it).
    /// </param>
    public DeliveryAttempt Record(
        AttemptStatus outcome, int? httpStatus, string? error, RetrySchedule schedule, DateTimeOffset at, DateTimeOffset? leasedUntil)
    {
        var askedAgainAt = NextAttemptAt != leasedUntil && !IsGone(httpStatus) ? NextAttemptAt : null;
        Attempts++;
        NextAttemptAt = askedAgainAt
            ?? (outcome == AttemptStatus.Succeeded || IsGone(httpStatus) ? null : schedule.NextAttempt(Attempts, CreatedAt, at));
        Status = askedAgainAt is not null ? DeliveryStatus.Pending
            : outcome == AttemptStatus.Succeeded ? DeliveryStatus.Delivered
            : NextAttemptAt is null ? DeliveryStatus.Failed
            : DeliveryStatus.Pending;
        return new DeliveryAttempt
        {
            Id = Guid.CreateVersion7(at),
            DeliveryId = Id,
            Attempt = Attempts,
            Status = outcome,
            HttpStatus = httpStatus,
            Error = error is { Length: > 500 } ? error[..500] : error,
            At = at,
            NextAttemptAt = NextAttemptAt,
        };
    }

    /// <summary>Send again now, whatever happened before (asked by the subscription's owner).</summary>
    public void Redeliver(DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        NextAttemptAt = now;
    }

    public static bool IsGone(int? httpStatus) => httpStatus == (int)HttpStatusCode.Gone;
}

/// <summary>One POST of a delivery, as the delivery log shows it.</summary>
public sealed class DeliveryAttempt
{
    public const string UnreachableText = "Destinataire injoignable (nom, connexion ou TLS).";
    public const string RefusedText = "La cible ne mène plus à une adresse publique : rien n'a été envoyé.";

    public Guid Id { get; init; }
    public Guid DeliveryId { get; init; }
    public int Attempt { get; init; }
    public AttemptStatus Status { get; init; }
    public int? HttpStatus { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset At { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
}
