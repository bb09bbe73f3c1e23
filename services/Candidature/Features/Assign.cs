using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
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
            return Problems.Refusals.ToProblem(CandidatureRefusals.AssignsOnlyThemself());
        }

        // Row version: a concurrent change is refused, not overwritten.
        var assign = CandidatureCommands.Change(db, id, db.Candidatures.VisibleTo(user, db), dossier => CandidatureResults.Ok(response, dossier)) with
        {
            Rule = (dossier, _) =>
            {
                var refusal = dossier.RefusalToAssign();
                if (refusal is null)
                {
                    dossier.Assign(instructeurId!, user.Subject(), time.GetUtcNow());
                }
                return Task.FromResult(refusal);
            },
        };
        return await CommandRunner.RunAsync(db, Problems.Refusals, assign, ct);
    }
}
