using System.Security.Claims;
using Fabriques.Messaging.Idempotency;
using Fabriques.Contracts;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fabriques.Notification.Features;

/// <summary>
/// <c>POST /subscriptions/{id}/secret/rotate</c>: the owner gets a new signing secret, shown this once. For the overlap
/// period (<c>Webhooks:SecretRotationOverlap</c>) deliveries carry a signature with each secret, so the receiver can
/// switch to the new one without refusing a delivery.
/// </summary>
public static class RotateSecret
{
    public sealed record Response(Guid Id, string Secret, DateTimeOffset PreviousSecretExpiresAt);

    public static RouteGroupBuilder MapRotateSecret(this RouteGroupBuilder group)
    {
        group.MapPost("/subscriptions/{id:guid}/secret/rotate", HandleAsync)
            .RequireSubscriber()
            .WithName("RotateSubscriptionSecret")
            .WithMetadata(new AnswerShowsASecret())
            .WithSummary("Replace a subscription's signing secret (the answer shows the new one, once; the former one keeps signing during the overlap)")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, NotificationDbContext db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time,
        CancellationToken ct)
    {
        var owner = user.Subject();
        string? shown = null; // the secret of the attempt that committed: a retried transaction makes a new one
        var rotate = new Command<Subscription>(
            // Locked: two rotations at once each keep the secret the other just showed as the previous one.
            token => db.Subscriptions
                .FromSql($"SELECT * FROM webhook_subscriptions WHERE id = {id} AND owner_id = {owner} FOR UPDATE")
                .SingleOrDefaultAsync(token),
            subscription => TypedResults.Ok(new Response(subscription.Id, shown!, subscription.PreviousSecretExpiresAt!.Value)))
        {
            NotFound = SubscriptionRefusals.Unknown(id),
            Rule = (subscription, _) =>
            {
                var secret = secrets.New();
                shown = secret.Clear;
                subscription.RotateSecret(secret.Protected, options.Value.SecretRotationOverlap, time.GetUtcNow());
                return Task.FromResult<Refusal?>(null);
            },
        };
        return CommandRunner.RunAsync(db, OwnedSubscriptions.Refusals, rotate, ct);
    }
}
