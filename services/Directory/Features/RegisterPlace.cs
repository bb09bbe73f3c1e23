using System.Security.Claims;
using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Places;
using Fabriques.Directory.Data;
using Fabriques.Directory.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Directory.Features;

/// <summary><c>POST /places</c>: a porteur or a gestionnaire registers a place and becomes its owner.</summary>
public static class RegisterPlace
{
    public sealed record Request(string? Name, string? InseeCode);

    public static RouteGroupBuilder MapRegisterPlace(this RouteGroupBuilder group)
    {
        group.MapPost("/places", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Porteur, Roles.Gestionnaire))
            .WithName("RegisterPlace")
            .WithSummary("Register a place (the caller becomes its owner)")
            .Produces<PlaceResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Request request, ClaimsPrincipal user, DirectoryDbContext db, Territories territories, TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var name = request.Name?.Trim();
        errors.AddIf(string.IsNullOrEmpty(name), "name", "Le nom est obligatoire.");
        errors.AddIf(name is { Length: > 200 }, "name", "Le nom fait au plus 200 caractères.");

        Department? department = null;
        if (!CommuneCode.TryParse(request.InseeCode, out var commune))
        {
            errors.Add("inseeCode", "Le code INSEE de la commune doit avoir 5 caractères, par exemple 13055, 2A004 ou 97411.");
        }
        else if (!territories.TryGetDepartment(commune.DepartmentCode, out department))
        {
            errors.Add("inseeCode", $"Le département {commune.DepartmentCode} n'existe pas.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var place = Place.Register(name!, commune.Value, department!, user.FindFirstValue("sub")!, time.GetUtcNow());
        db.Places.Add(place);
        db.Publish(new PlaceRegistered
        {
            PlaceId = place.Id,
            OccurredAt = place.CreatedAt,
            Name = place.Name,
            InseeCode = place.InseeCode,
            DepartmentCode = place.DepartmentCode,
            RegionCode = place.RegionCode,
            OwnerId = place.OwnerId,
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/directory/places/{place.Id}", PlaceResponse.From(place));
    }
}
