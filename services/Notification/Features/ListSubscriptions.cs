using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary><c>GET /subscriptions</c>: the caller's webhook subscriptions.</summary>
public static class ListSubscriptions
{
    public static RouteGroupBuilder MapListSubscriptions(this RouteGroupBuilder group)
    {
        group.MapGet("/subscriptions", HandleAsync)
            .RequireSubscriber()
            .WithName("ListSubscriptions")
            .WithSummary("Your webhook subscriptions, newest first")
            .Produces<Paged<SubscriptionResponse>>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        ClaimsPrincipal user, NotificationDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var owner = user.Subject();
        var owned = db.Subscriptions.AsNoTracking().Where(s => s.OwnerId == owner);
        var total = await owned.LongCountAsync(ct);
        var items = await owned.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items.Select(SubscriptionResponse.From).ToList(), total));
    }
}
