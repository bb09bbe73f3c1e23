using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary><c>GET /subscriptions/{id}/deliveries</c>: the delivery log, every attempt, newest first.</summary>
public static class ListDeliveries
{
    public sealed record LogEntry(
        Guid EventId, string EventType, int Attempt, AttemptStatus Status, int? HttpStatus, string? Error,
        DateTimeOffset At, DateTimeOffset? NextAttemptAt);

    public static RouteGroupBuilder MapListDeliveries(this RouteGroupBuilder group)
    {
        group.MapGet("/subscriptions/{id:guid}/deliveries", HandleAsync)
            .RequireSubscriber()
            .WithName("ListDeliveries")
            .WithSummary("Every delivery attempt of one of your subscriptions, newest first")
            .Produces<Paged<LogEntry>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, NotificationDbContext db, int? page, int? pageSize, Guid? eventId, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (await db.FindOwnedAsync(id, user, ct) is null)
        {
            return OwnedSubscriptions.NotFound(id);
        }

        var log = from attempt in db.DeliveryAttempts.AsNoTracking()
                  join delivery in db.Deliveries on attempt.DeliveryId equals delivery.Id
                  where delivery.SubscriptionId == id && (eventId == null || delivery.EventId == eventId)
                  select new { attempt, delivery.EventId, delivery.EventType };
        var total = await log.LongCountAsync(ct);
        var items = await log.OrderByDescending(a => a.attempt.At).ThenByDescending(a => a.attempt.Attempt)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new LogEntry(a.EventId, a.EventType, a.attempt.Attempt, a.attempt.Status, a.attempt.HttpStatus,
                a.attempt.Error, a.attempt.At, a.attempt.NextAttemptAt))
            .ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items, total));
    }
}
