using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary>
/// <c>POST /operations/webhook-deliveries/retry-failed</c> (gestionnaire): after an outage of the platform or of
/// receivers, every delivery that failed — given up, or waiting for its next retry — is tried again now, for active
/// subscriptions. The dashboard's <c>retry-failed-webhooks</c> command calls it.
/// </summary>
public static class RetryFailedDeliveries
{
    public sealed record Response(int Rescheduled);

    public static RouteGroupBuilder MapRetryFailedDeliveries(this RouteGroupBuilder group)
    {
        group.MapPost("/operations/webhook-deliveries/retry-failed", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithTags("Operations")
            .WithName("RetryFailedDeliveries")
            .WithSummary("Try again now every webhook delivery that failed or was given up (gestionnaire)")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<IResult> HandleAsync(NotificationDbContext db, WebhookSignal signal, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // One UPDATE, whatever the backlog (what Delivery.Redeliver does to one). A pending delivery qualifies only while
        // it waits for the retry its last failed attempt scheduled: one leased by a dispatcher is in flight right now.
        var rescheduled = await db.Deliveries
            .Where(d => db.Subscriptions.Any(s => s.Id == d.SubscriptionId && s.Status == SubscriptionStatus.Active))
            .Where(d => d.Status == DeliveryStatus.Failed
                        || (d.Status == DeliveryStatus.Pending && db.DeliveryAttempts.Any(a =>
                            a.DeliveryId == d.Id && a.Attempt == d.Attempts && a.Status != AttemptStatus.Succeeded
                            && a.NextAttemptAt == d.NextAttemptAt)))
            .ExecuteUpdateAsync(update => update
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, now), ct);
        if (rescheduled > 0)
        {
            signal.Notify();
        }
        return TypedResults.Ok(new Response(rescheduled));
    }
}
