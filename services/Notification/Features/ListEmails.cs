using System.Security.Claims;
using Fabriques.Notification.Data;
using Fabriques.Notification.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Features;

/// <summary><c>GET /</c>: the e-mails sent about the programme; a gestionnaire sees all, a porteur their own.</summary>
public static class ListEmails
{
    public sealed record Item(
        Guid Id, string To, string Subject, string Template, Guid Event, string EventType, EmailStatus Status, int Attempts,
        DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

    public static RouteGroupBuilder MapListEmails(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire, Roles.Porteur))
            .WithName("ListEmails")
            .WithSummary("E-mails sent about the programme, newest first (a porteur sees their own)")
            .Produces<Paged<Item>>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        ClaimsPrincipal user, NotificationDbContext db, int? page, int? pageSize, string? status, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var paging = PageRequest.From(page, pageSize, errors);
        var wanted = Enum.GetValues<EmailStatus>().Cast<EmailStatus?>()
            .FirstOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));
        errors.AddIf(status is not null && wanted is null, "status", "Le statut vaut pending, sent ou failed.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var emails = db.Emails.AsNoTracking();
        if (!user.IsInRole(Roles.Gestionnaire))
        {
            var owner = user.Subject();
            emails = emails.Where(e => e.OwnerId == owner);
        }
        if (wanted is { } s)
        {
            emails = emails.Where(e => e.Status == s);
        }
        var total = await emails.LongCountAsync(ct);
        var items = await emails
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(e => new Item(e.Id, e.To, e.Subject, e.Template, e.EventId, e.EventType, e.Status, e.Attempts, e.CreatedAt, e.SentAt))
            .ToListAsync(ct);
        return TypedResults.Ok(paging.Of(items, total));
    }
}
