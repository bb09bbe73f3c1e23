using System.Security.Claims;
using Fabriques.Contracts;
using Fabriques.Messaging.Idempotency;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.Notification.Webhooks;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Notification.Features;

/// <summary>
/// <c>POST /subscriptions</c>: a partenaire or a gestionnaire asks for events by webhook. The answer carries the
/// signing secret, shown this once.
/// </summary>
public static class CreateSubscription
{
    public const int MaxEventTypes = 50;

    public sealed record Request(string? Url, IReadOnlyList<string?>? EventTypes, string? Description);

    public sealed record Response(
        Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, SubscriptionStatus Status,
        DateTimeOffset CreatedAt, string Secret);

    public static RouteGroupBuilder MapCreateSubscription(this RouteGroupBuilder group)
    {
        group.MapPost("/subscriptions", HandleAsync)
            .RequireSubscriber()
            .WithName("CreateSubscription")
            .WithRequestExample(new Request("https://partenaire.example.org/webhooks/fabriques",
                ["fr.anct.fabriques.candidature.accepted", "fr.anct.fabriques.grant.awarded"], "Suivi des lauréats de la région"))
            .WithMetadata(new AnswerShowsASecret())
            .WithSummary("Subscribe a URL to events (the answer shows the signing secret, once)")
            .Produces<Response>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Request request, ClaimsPrincipal user, NotificationDbContext db, WebhookTargetGuard guard, IOptions<WebhookOptions> options,
        WebhookSecrets secrets, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var (refusal, url) = await guard.CheckAsync(request.Url?.Trim(), ct);
        errors.AddIf(refusal is not null, "url", refusal!);

        var types = request.EventTypes ?? [];
        errors.AddIf(types.Count == 0, "eventTypes", "Indiquez au moins un type d'événement, par exemple fr.anct.fabriques.grant.awarded.");
        errors.AddIf(types.Count > MaxEventTypes, "eventTypes", $"Au plus {MaxEventTypes} types d'événements.");
        var unknown = types.Where(t => t is null || !EventTypes.TryResolve(t, out _)).ToList();
        errors.AddIf(unknown.Count > 0, "eventTypes",
            $"Types inconnus : {string.Join(", ", unknown.Select(t => t ?? "null"))}. Types possibles : {string.Join(", ", EventTypes.Names.Order())}.");

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        errors.AddIf(description is { Length: > Subscription.MaxDescriptionLength }, "description",
            $"La description fait au plus {Subscription.MaxDescriptionLength} caractères.");
        errors.AddIf(description is not null && !StorableText.IsStorable(description), "description", StorableText.Problem);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var owner = user.Subject();
        var limit = options.Value.MaxSubscriptionsPerOwner;
        var secret = secrets.New();
        var create = new Command<Subscription>(
            async token =>
            {
                // One creation per owner at a time, so that two at once cannot both pass the count.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"subscriptions:" + owner}))", token);
                return db.Subscriptions.Add(Subscription.Create(owner, url!, types!, description, secret.Protected, time.GetUtcNow())).Entity;
            },
            subscription => TypedResults.Created($"/api/notifications/subscriptions/{subscription.Id}", new Response(
                subscription.Id, subscription.Url, subscription.EventTypes, subscription.Description, subscription.Status,
                subscription.CreatedAt, secret.Clear)))
        {
            // Counts the saved ones: the new one is not saved yet.
            Rule = async (_, token) => await db.Subscriptions.CountAsync(s => s.OwnerId == owner, token) >= limit
                ? SubscriptionRefusals.TooMany(limit)
                : null,
        };
        return await CommandRunner.RunAsync(db, OwnedSubscriptions.Refusals, create, ct);
    }
}
