using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Fabriques.UseCases;

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
        Delivery? delivery = null;
        var redeliver = OwnedSubscriptions.Change(db, id, user, _ =>
        {
            signal.Notify(); // committed: a dispatcher may take it now
            return TypedResults.Accepted($"/api/notifications/subscriptions/{id}/deliveries?eventId={eventId}",
                new Response(delivery!.EventId, delivery.Status, delivery.Attempts, delivery.NextAttemptAt));
        }) with
        {
            Rule = async (subscription, token) =>
            {
                if (subscription.RefusalToRedeliver() is { } refusal)
                {
                    return refusal;
                }
                // Locked, as the dispatcher locks it to record an attempt under way: this request then reads its outcome.
                delivery = await db.Deliveries.LockedAsync(id, eventId, token);
                if (delivery is null)
                {
                    return SubscriptionRefusals.UnknownDelivery(eventId);
                }
                delivery.Redeliver(time.GetUtcNow());
                return null;
            },
        };
        return await CommandRunner.RunAsync(db, OwnedSubscriptions.Refusals, redeliver, ct);
    }
}
