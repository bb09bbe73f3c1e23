using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary>A webhook subscription as the contract shows it (never with its secret, shown once at creation).</summary>
public sealed record SubscriptionResponse(
    Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, SubscriptionStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.Url, s.EventTypes, s.Description, s.Status, s.CreatedAt, s.DisabledAt);
}

/// <summary>Finding the caller's own subscription: someone else's answers 404, exactly like one that does not exist.</summary>
internal static class OwnedSubscriptions
{
    public static Task<Subscription?> FindOwnedAsync(this NotificationDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = user.FindFirstValue("sub");
        return db.Subscriptions.SingleOrDefaultAsync(s => s.Id == id && s.OwnerId == owner, ct);
    }

    /// <summary>Webhooks are for partner systems and programme managers.</summary>
    public static RouteHandlerBuilder RequireSubscriber(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(policy => policy.RequireRole(Roles.Partenaire, Roles.Gestionnaire));

    public static IResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "Abonnement introuvable",
        detail: $"Vous n'avez pas d'abonnement d'identifiant {id} : listez les vôtres avec GET /api/notifications/subscriptions.");
}
