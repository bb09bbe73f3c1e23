using Fabriques.Contracts;

namespace Fabriques.Notification.Domain;

/// <summary>
/// Why a subscription refuses an action: codes (<c>Features/OwnedSubscriptions</c> maps each to its problem type) and
/// French messages a partner can act on.
/// </summary>
public static class SubscriptionRefusals
{
    public const string NotFound = "subscription-not-found";
    public const string DeliveryNotFound = "delivery-not-found";
    public const string Disabled = "subscription-disabled";
    public const string LimitReached = "subscription-limit";

    /// <summary>Someone else's answers exactly like one that does not exist.</summary>
    public static Refusal Unknown(Guid id) => new(NotFound,
        $"Vous n'avez pas d'abonnement d'identifiant {id} : listez les vôtres avec GET /api/notifications/subscriptions.");

    public static Refusal UnknownDelivery(Guid eventId) => new(DeliveryNotFound,
        $"L'événement {eventId} n'a pas été adressé à cet abonnement (type non souscrit, ou antérieur à l'abonnement). "
        + "Le flux GET /api/notifications/events contient tous les événements.");

    public static Refusal DisabledByReceiver() => new(Disabled,
        "Votre récepteur a répondu 410 (Gone) : l'abonnement est désactivé. Créez un nouvel abonnement pour recevoir de nouveau des événements.");

    public static Refusal TooMany(int limit) => new(LimitReached,
        $"Vous avez déjà {limit} abonnements, le maximum : supprimez-en un, ou regroupez plusieurs types d'événements dans un même abonnement.");
}
