using Fabriques.Directory.Data;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Features;

/// <summary><c>GET /places/{id}</c>: anyone reads a place, archived ones included, with its <c>ETag</c>.</summary>
public static class GetPlace
{
    public static RouteGroupBuilder MapGetPlace(this RouteGroupBuilder group)
    {
        group.MapGet("/places/{id:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("GetPlace")
            .WithSummary("Read one place (its ETag is what PUT expects in If-Match)")
            .Produces<PlaceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(Guid id, HttpResponse response, DirectoryDbContext db, CancellationToken ct)
    {
        var place = await db.Places.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (place is null)
        {
            return PlaceProblems.NotFound(id);
        }
        response.SetETag(place.Version);
        return TypedResults.Ok(PlaceResponse.From(place));
    }
}
