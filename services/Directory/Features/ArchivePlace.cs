using Fabriques.Contracts;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Directory.Features;

/// <summary><c>DELETE /places/{id}</c>: a gestionnaire archives a place; it stays readable, hidden from lists and exports.</summary>
public static class ArchivePlace
{
    public static RouteGroupBuilder MapArchivePlace(this RouteGroupBuilder group)
    {
        group.MapDelete("/places/{id:guid}", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("ArchivePlace")
            .WithSummary("Archive a place (gestionnaire): kept, hidden from lists; archiving it again changes nothing")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static Task<IResult> HandleAsync(Guid id, DirectoryDbContext db, TimeProvider time, CancellationToken ct) =>
        CommandRunner.RunAsync(db, PlaceProblems.Refusals, new Command<Place>(token => db.LockPlaceAsync(id, token), _ => TypedResults.NoContent())
        {
            NotFound = PlaceRefusals.Unknown(id),
            Rule = (place, _) =>
            {
                if (place.Archive(time.GetUtcNow()))
                {
                    db.Publish(PlaceEvents.Updated(place));
                }
                return Task.FromResult<Refusal?>(null); // archiving it again changes nothing
            },
        }, ct);
}
