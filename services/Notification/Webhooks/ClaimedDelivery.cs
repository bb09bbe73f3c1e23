namespace Fabriques.Notification.Webhooks;

/// <summary>
/// A delivery a dispatcher took (leased until <paramref name="LeasedUntil"/>), with what its POST needs: every secret
/// that signs it, in clear, in memory only.
/// </summary>
public sealed record ClaimedDelivery(
    Guid DeliveryId, Guid SubscriptionId, string OwnerId, Guid EventId, string Payload, string Url, IReadOnlyList<string> Secrets,
    DateTimeOffset LeasedUntil);
