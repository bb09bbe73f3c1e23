using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary>
/// <c>POST /subscriptions/{id}/deliveries/{eventId}/redeliver</c>: the owner asks for an event again, now, whatever
/// its earlier attempts gave (e.g. after fixing their receiver). The answer comes before the POST: follow it in the log.
/// </summary>
public static class Redeliver
{
    public sealed record Response(Guid EventId, DeliveryStatus Status, int Attempts, DateTimeOffset? NextAttemptAt);

    public static RouteGroupBuilder MapRedeliver(this RouteGroupBuilder group)
    {
        group.MapPost("/subscriptions/{id:guid}/deliveries/{eventId:guid}/redeliver", HandleAsync)
            .RequireSubscriber()
            .WithName("Redeliver")
            .WithSummary("Send an event to one of your subscriptions again, now")
            .Produces<Response>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, Guid eventId, ClaimsPrincipal user, NotificationDbContext db, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        if (await db.FindOwnedAsync(id, user, ct) is not { } subscription)
        {
            return OwnedSubscriptions.NotFound(id);
        }
        if (subscription.Status == SubscriptionStatus.Disabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: NotificationProblemTypes.SubscriptionDisabled,
                title: "Abonnement désactivé",
                detail: "Votre récepteur a répondu 410 (Gone) : l'abonnement est désactivé. Créez un nouvel abonnement pour recevoir de nouveau des événements.");
        }
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.SubscriptionId == id && d.EventId == eventId, ct);
        if (delivery is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound,
                title: "Livraison introuvable",
                detail: $"L'événement {eventId} n'a pas été adressé à cet abonnement (type non souscrit, ou antérieur à l'abonnement). " +
                        "Le flux GET /api/notifications/events contient tous les événements.");
        }
        delivery.Redeliver(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/notifications/subscriptions/{id}/deliveries?eventId={eventId}",
            new Response(delivery.EventId, delivery.Status, delivery.Attempts, delivery.NextAttemptAt));
    }
}
