using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /{id}/assign</c>: a gestionnaire puts an instructeur in charge of a candidature, or an instructeur takes it
/// for themself; the history records who assigned whom. <c>GET /?assignedTo=me</c> lists what one has in charge.
/// </summary>
public static class Assign
{
    public sealed record Request(string? InstructeurId);

    public static RouteGroupBuilder MapAssign(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/assign", HandleAsync)
            .RequireRoles(Roles.Instructeur, Roles.Gestionnaire)
            .WithName("AssignCandidature")
            .WithRequestExample(new Request("instructeur-paca-1"))
            .WithSummary("Put an instructeur in charge of a candidature (gestionnaire; an instructeur only themself)")
            .Produces<CandidatureResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, Request request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var instructeurId = Text.Read(request.InstructeurId, "instructeurId", JwtAuthentication.MaxSubjectLength, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        // Depends only on the request, never on the candidature: it reveals nothing about it.
        if (!user.IsInRole(Roles.Gestionnaire) && instructeurId != user.Subject())
        {
            return Problems.AssignmentForbidden();
        }

        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                db.ChangeTracker.Clear();
                var dossier = await db.Candidatures.VisibleTo(user, db).SingleOrDefaultAsync(d => d.Id == id, token);
                if (dossier is null)
                {
                    return Problems.CandidatureNotFound(id);
                }
                if (!dossier.IsAssignable)
                {
                    return Problems.InvalidState(dossier.State, Lifecycle.Assignable, "attribuer");
                }
                dossier.Assign(instructeurId!, user.Subject(), time.GetUtcNow());
                await db.SaveChangesAsync(token); // row version: a concurrent change is refused, not overwritten
                return CandidatureResults.Ok(response, dossier);
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
    }
}
