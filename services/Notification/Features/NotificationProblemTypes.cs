namespace Fabriques.Notification.Features;

/// <summary>Problem types of the notification service's business rules.</summary>
public static class NotificationProblemTypes
{
    private const string Base = "https://fabriques.anct.gouv.fr/problems/";

    /// <summary>The subscription was disabled (its receiver answered 410 Gone): nothing can be delivered to it.</summary>
    public const string SubscriptionDisabled = Base + "subscription-disabled";

    /// <summary>422: the owner already has as many subscriptions as allowed (Webhooks:MaxSubscriptionsPerOwner).</summary>
    public const string SubscriptionLimit = Base + "subscription-limit";
}
