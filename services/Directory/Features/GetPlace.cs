using Fabriques.Directory.Data;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary><c>GET /places/{id}</c>: anyone reads a place.</summary>
public static class GetPlace
{
    public static RouteGroupBuilder MapGetPlace(this RouteGroupBuilder group)
    {
        group.MapGet("/places/{id:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("GetPlace")
            .WithSummary("Read one place")
            .Produces<PlaceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(Guid id, DirectoryDbContext db, CancellationToken ct)
    {
        var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return place is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Lieu introuvable",
                detail: $"Aucun lieu n'a l'identifiant {id}.", type: Fabriques.ServiceDefaults.Errors.ProblemTypes.NotFound)
            : TypedResults.Ok(PlaceResponse.From(place));
    }
}
