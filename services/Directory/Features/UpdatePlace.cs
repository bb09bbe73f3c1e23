using System.Security.Claims;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Directory.Features;

/// <summary><c>PUT /places/{id}</c>: its owner or a gestionnaire replaces its editable fields, with <c>If-Match</c>.</summary>
public static class UpdatePlace
{
    public static RouteGroupBuilder MapUpdatePlace(this RouteGroupBuilder group)
    {
        group.MapPut("/places/{id:guid}", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Porteur, Roles.Gestionnaire))
            .WithName("UpdatePlace")
            .WithRequestExample(PlaceRequest.Example)
            .WithSummary("Replace a place's editable fields (owner or gestionnaire; If-Match with the ETag read)")
            .WithDescription("Labels, owner and dates are not editable. A place another porteur owns answers 404.")
            .Produces<PlaceResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, PlaceRequest request, ClaimsPrincipal user, HttpContext http, DirectoryDbContext db, PlaceRules rules, TimeProvider time,
        CancellationToken ct) => db.InTransactionAsync<IResult>(async token =>
    {
        var place = await db.LockPlaceAsync(id, token);
        if (place is null || !(user.IsInRole(Roles.Gestionnaire) || place.OwnerId == user.FindFirstValue("sub")))
        {
            return PlaceProblems.NotFound(id);
        }
        if (Preconditions.CheckIfMatch(http.Request, place.Version) is { } precondition)
        {
            return precondition;
        }
        if (place.IsArchived)
        {
            return PlaceProblems.Archived(id);
        }
        if (request.Validate(rules, user, out var problem) is not { } details)
        {
            return problem!;
        }

        if (place.Update(details, time.GetUtcNow()))
        {
            db.Publish(PlaceEvents.Updated(place));
            await db.SaveChangesAsync(token);
        }
        http.Response.SetETag(place.Version);
        return TypedResults.Ok(PlaceResponse.From(place));
    }, ct);
}
