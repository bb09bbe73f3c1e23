using Fabriques.Contracts;
using Fabriques.Notification.Data;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Notification.Feed;

/// <summary>
/// <c>GET /events?after=&amp;limit=&amp;type=</c>: every event of the platform in a stable order, as CloudEvents, with the
/// cursor to resume from. A partner that was down catches up with nothing missed and nothing repeated; <c>type</c>
/// (repeatable) keeps only those CloudEvents types.
/// </summary>
public static class EventFeedEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public sealed record Page(IReadOnlyList<CloudEvent> Items, string NextCursor);

    public static RouteGroupBuilder MapEventFeed(this RouteGroupBuilder group)
    {
        group.MapGet("/events", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Partenaire, Roles.Gestionnaire))
            .WithName("EventFeed")
            .WithSummary("Every published event, in order, as CloudEvents")
            .Produces<Page>()
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        NotificationDbContext db, string? after, int? limit, [FromQuery(Name = "type")] string[]? types, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        long position = 0;
        errors.AddIf(after is not null && (!long.TryParse(after, out position) || position < 0),
            "after", "Le curseur doit être une valeur « nextCursor » renvoyée par une page précédente.");
        var wanted = types ?? [];
        var unknown = wanted.Where(t => !EventTypes.TryResolve(t, out _)).ToList();
        errors.AddIf(unknown.Count > 0, "type",
            $"Type d'événement inconnu : {string.Join(", ", unknown)}. Les types valides sont ceux du contrat, par exemple « {EventTypes.Of<Contracts.Directory.PlaceRegistered>()} ».");
        var size = limit ?? DefaultLimit;
        errors.AddIf(size is < 1 or > MaxLimit, "limit", $"La limite est comprise entre 1 et {MaxLimit}.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        // Only rows whose transaction ended before every transaction still running: a row being written with a
        // smaller position can then never appear behind a cursor that has already passed it.
        var events = await db.FeedEvents
            .FromSql($"""
                SELECT * FROM feed_events
                WHERE position > {position}
                  AND (cardinality({wanted}) = 0 OR type = ANY({wanted}))
                  AND xmin::text::bigint < pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296
                ORDER BY position
                LIMIT {size}
                """)
            .AsNoTracking()
            .ToListAsync(ct);

        var items = events.Select(CloudEvent.From).ToList();
        var next = events.Count > 0 ? events[^1].Position : position;
        return TypedResults.Ok(new Page(items, next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
