using System.Security.Claims;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Features;

/// <summary><c>GET /{id}</c>: a gestionnaire, or the porteur who owns the candidature, reads a grant and its instalments.</summary>
public static class GetGrant
{
    public static RouteGroupBuilder MapGetGrant(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire, Roles.Porteur))
            .WithName("GetGrant")
            .WithSummary("Read a grant with its instalments and ledger (gestionnaire, or the porteur who owns it)")
            .Produces<GrantResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(Guid id, ClaimsPrincipal user, GrantsDbContext db, CancellationToken ct)
    {
        var grant = await db.GrantsToRead().SingleOrDefaultAsync(g => g.Id == id, ct);
        // Another porteur's grant is answered as missing: its existence is nobody else's business.
        var mayRead = grant is not null && (user.IsInRole(Roles.Gestionnaire) || grant.OwnerId == user.Subject());
        return mayRead ? TypedResults.Ok(GrantResponse.From(grant!)) : GrantProblems.Refusals.ToProblem(Grant.NotFound(id));
    }
}
