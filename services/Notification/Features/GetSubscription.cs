using System.Security.Claims;
using Fabriques.Notification.Data;

namespace Fabriques.Notification.Features;

/// <summary><c>GET /subscriptions/{id}</c>: one of the caller's subscriptions.</summary>
public static class GetSubscription
{
    public static RouteGroupBuilder MapGetSubscription(this RouteGroupBuilder group)
    {
        group.MapGet("/subscriptions/{id:guid}", HandleAsync)
            .RequireSubscriber()
            .WithName("GetSubscription")
            .WithSummary("Read one of your webhook subscriptions")
            .Produces<SubscriptionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(Guid id, ClaimsPrincipal user, NotificationDbContext db, CancellationToken ct) =>
        await db.FindOwnedAsync(id, user, ct) is { } subscription
            ? TypedResults.Ok(SubscriptionResponse.From(subscription))
            : OwnedSubscriptions.NotFound(id);
}
