using System.Security.Claims;
using Fabriques.Notification.Data;

namespace Fabriques.Notification.Features;

/// <summary><c>DELETE /subscriptions/{id}</c>: the owner stops a subscription; its pending deliveries and log go with it.</summary>
public static class DeleteSubscription
{
    public static RouteGroupBuilder MapDeleteSubscription(this RouteGroupBuilder group)
    {
        group.MapDelete("/subscriptions/{id:guid}", HandleAsync)
            .RequireSubscriber()
            .WithName("DeleteSubscription")
            .WithSummary("Delete one of your webhook subscriptions")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(Guid id, ClaimsPrincipal user, NotificationDbContext db, CancellationToken ct)
    {
        if (await db.FindOwnedAsync(id, user, ct) is not { } subscription)
        {
            return OwnedSubscriptions.NotFound(id);
        }
        db.Subscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
