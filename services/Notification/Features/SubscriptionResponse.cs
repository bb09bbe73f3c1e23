using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary>A webhook subscription as the contract shows it (never with its secret, shown once at creation).</summary>
public sealed record SubscriptionResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, SubscriptionStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.Url, s.EventTypes, s.Description, s.Status, s.CreatedAt, s.DisabledAt);
}

/// <summary>
/// Finding the caller's own subscription (someone else's answers 404, exactly like one that does not exist), and the
/// service's answers to the refusals of its subscriptions.
/// </summary>
internal static class OwnedSubscriptions
{
    public static readonly RefusalProblems Refusals = new(new Dictionary<string, ProblemKind>
    {
        [SubscriptionRefusals.NotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Abonnement introuvable"),
        [SubscriptionRefusals.DeliveryNotFound] = new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Livraison introuvable"),
        [SubscriptionRefusals.Disabled] =
            new(StatusCodes.Status409Conflict, NotificationProblemTypes.SubscriptionDisabled, "Abonnement désactivé"),
        [SubscriptionRefusals.LimitReached] =
            new(StatusCodes.Status422UnprocessableEntity, NotificationProblemTypes.SubscriptionLimit, "Trop d'abonnements"),
    });

    public static Task<Subscription?> FindOwnedAsync(this NotificationDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = user.Subject();
        return db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id && s.OwnerId == owner, ct);
    }

    /// <summary>Webhooks are for partner systems and programme managers.</summary>
    public static RouteHandlerBuilder RequireSubscriber(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRoles(Roles.Partenaire, Roles.Gestionnaire);

    public static IResult NotFound(Guid id) => Refusals.ToProblem(SubscriptionRefusals.Unknown(id));

    /// <summary>A change of the caller's subscription <paramref name="id"/> (404 when it is not theirs).</summary>
    public static Command<Subscription> Change(NotificationDbContext db, Guid id, ClaimsPrincipal user, Func<Subscription, IResult> answer) =>
        new(token => db.FindOwnedAsync(id, user, token), answer) { NotFound = SubscriptionRefusals.Unknown(id) };
}
