namespace Fabriques.Notification.Webhooks;

/// <summary>A delivery a dispatcher took (leased), with what its POST needs.</summary>
public sealed record ClaimedDelivery(Guid DeliveryId, Guid SubscriptionId, Guid EventId, string Payload, string Url, string Secret);
