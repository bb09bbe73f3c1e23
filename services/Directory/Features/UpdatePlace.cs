using System.Security.Claims;
using Fabriques.Contracts;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Directory.Features;

/// <summary><c>PUT /places/{id}</c>: its owner or a gestionnaire replaces its editable fields, with <c>If-Match</c>.</summary>
public static class UpdatePlace
{
    public static RouteGroupBuilder MapUpdatePlace(this RouteGroupBuilder group)
    {
        group.MapPut("/places/{id:guid}", HandleAsync)
            .RequireRoles(Roles.Porteur, Roles.Gestionnaire)
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
        CancellationToken ct)
    {
        var details = request.Validate(rules, user, out var invalid);
        var update = new Command<Place>(
            async token => await db.LockPlaceAsync(id, token) is { } place && (user.IsInRole(Roles.Gestionnaire) || place.OwnerId == user.Subject())
                ? place
                : null,
            place =>
            {
                http.Response.SetETag(place.Version);
                return TypedResults.Ok(PlaceResponse.From(place));
            })
        {
            NotFound = PlaceRefusals.Unknown(id),
            // An archived place is refused (409) before its new content is judged (400).
            Precondition = place => Preconditions.CheckIfMatch(http.Request, place.Version) ?? (place.IsArchived ? null : invalid),
            Rule = (place, _) =>
            {
                if (place.RefusalToEdit() is { } refusal)
                {
                    return Task.FromResult<Refusal?>(refusal);
                }
                if (place.Update(details!, time.GetUtcNow()))
                {
                    db.Publish(PlaceEvents.Updated(place));
                }
                return Task.FromResult<Refusal?>(null);
            },
        };
        return CommandRunner.RunAsync(db, PlaceProblems.Refusals, update, ct);
    }
}
