using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary><c>GET /{id}</c>: the owner, reviewers (of its région, when they have one) and managers read a candidature and its history.</summary>
public static class GetCandidature
{
    public static RouteGroupBuilder MapGetCandidature(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .RequireRoles(Roles.Porteur, Roles.Instructeur, Roles.Gestionnaire)
            .WithName("GetCandidature")
            .WithSummary("Read a candidature with its history (ETag)")
            .Produces<CandidatureResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, CandidatureDbContext db, HttpResponse response, CancellationToken ct)
    {
        var dossier = await db.Candidatures.AsNoTracking().VisibleTo(user, db).SingleOrDefaultAsync(d => d.Id == id, ct);
        return dossier is null
            ? Problems.CandidatureNotFound(id)
            : CandidatureResults.Ok(response, dossier, await db.CurrentGrantOfAsync(id, ct));
    }
}
