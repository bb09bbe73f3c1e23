using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary><c>PUT /{id}</c>: the owner rewrites a draft or a candidature returned for corrections (<c>If-Match</c>).</summary>
public static class EditCandidature
{
    public static RouteGroupBuilder MapEditCandidature(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}", HandleAsync)
            .RequireRoles(Roles.Porteur)
            .WithName("EditCandidature")
            .WithRequestExample(CandidatureRequest.Example)
            .WithSummary("Replace a draft's or a returned candidature's content (If-Match required)")
            .Produces<CandidatureResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, CandidatureRequest request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpContext http,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Validate(errors) is not { } form)
        {
            return errors.ToProblem();
        }

        var dossier = await db.Candidatures.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (dossier is null || dossier.OwnerId != user.Subject())
        {
            return Problems.CandidatureNotFound(id);
        }
        if (Preconditions.CheckIfMatch(http.Request, dossier.Version) is { } precondition)
        {
            return precondition;
        }
        if (!dossier.IsEditable)
        {
            return Problems.InvalidState(dossier.State, Lifecycle.Editable, "modifier");
        }

        dossier.Edit(form, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Stale();
        }
        catch (DbUpdateException exception) when (CandidatureDbContext.IsSecondActiveCandidatureOfPlaceInWave(exception))
        {
            return Problems.PlaceAlreadyCandidate(); // a returned candidature moved to a place already candidate in its wave
        }
        return CandidatureResults.Ok(http.Response, dossier);
    }
}
