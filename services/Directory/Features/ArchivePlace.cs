using Fabriques.Directory.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Directory.Features;

/// <summary><c>DELETE /places/{id}</c>: a gestionnaire archives a place; it stays readable, hidden from lists and exports.</summary>
public static class ArchivePlace
{
    public static RouteGroupBuilder MapArchivePlace(this RouteGroupBuilder group)
    {
        group.MapDelete("/places/{id:guid}", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire))
            .WithName("ArchivePlace")
            .WithSummary("Archive a place (gestionnaire): kept, hidden from lists; archiving it again changes nothing")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static Task<IResult> HandleAsync(Guid id, DirectoryDbContext db, TimeProvider time, CancellationToken ct) =>
        db.InTransactionAsync<IResult>(async token =>
        {
            var place = await db.LockPlaceAsync(id, token);
            if (place is null)
            {
                return PlaceProblems.NotFound(id);
            }
            if (place.Archive(time.GetUtcNow()))
            {
                db.Publish(PlaceEvents.Updated(place));
                await db.SaveChangesAsync(token);
            }
            return TypedResults.NoContent();
        }, ct);
}
