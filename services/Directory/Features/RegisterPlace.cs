using System.Security.Claims;
using Fabriques.Contracts;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Directory.Telemetry;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Directory.Features;

/// <summary><c>POST /places</c>: a porteur or a gestionnaire registers a place and becomes its owner.</summary>
public static class RegisterPlace
{
    public static RouteGroupBuilder MapRegisterPlace(this RouteGroupBuilder group)
    {
        group.MapPost("/places", HandleAsync)
            .RequireRoles(Roles.Porteur, Roles.Gestionnaire)
            .WithName("RegisterPlace")
            .WithRequestExample(PlaceRequest.Example)
            .WithSummary("Register a place (the caller becomes its owner)")
            .WithDescription("A porteur gives the pivot (SIRET or RNA) and the INSEE code; a gestionnaire may leave them unknown, as in open data.")
            .Produces<PlaceResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        PlaceRequest request, ClaimsPrincipal user, HttpResponse response, DirectoryDbContext db, PlaceRules rules, TimeProvider time,
        ILogger<Place> logger, CancellationToken ct)
    {
        if (request.Validate(rules, user, out var problem) is not { } details)
        {
            return problem!;
        }

        var register = new Command<Place>(
            _ => Task.FromResult<Place?>(db.Places.Add(Place.Register(details, user.Subject(), time.GetUtcNow())).Entity),
            place =>
            {
                logger.Registered(place.Id);
                response.SetETag(place.Version);
                return TypedResults.Created($"/api/directory/places/{place.Id}", PlaceResponse.From(place));
            })
        {
            Rule = (place, _) =>
            {
                db.Publish(PlaceEvents.Registered(place));
                return Task.FromResult<Refusal?>(null);
            },
        };
        return await CommandRunner.RunAsync(db, PlaceProblems.Refusals, register, ct);
    }
}
