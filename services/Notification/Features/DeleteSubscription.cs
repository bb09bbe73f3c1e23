using System.Security.Claims;
using Fabriques.Contracts;
using Fabriques.Notification.Data;
using Fabriques.UseCases;

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

    private static Task<IResult> HandleAsync(Guid id, ClaimsPrincipal user, NotificationDbContext db, CancellationToken ct) =>
        CommandRunner.RunAsync(db, OwnedSubscriptions.Refusals, OwnedSubscriptions.Change(db, id, user, _ => TypedResults.NoContent()) with
        {
            Rule = (subscription, _) =>
            {
                db.Subscriptions.Remove(subscription);
                return Task.FromResult<Refusal?>(null);
            },
        }, ct);
}
