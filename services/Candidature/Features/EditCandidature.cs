using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
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
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
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

        var edit = CandidatureCommands.Change(db, id, db.Candidatures.OwnedBy(user), dossier => CandidatureResults.Ok(http.Response, dossier));
        return await CommandRunner.RunAsync(db, Problems.Refusals, edit with
        {
            Precondition = dossier => Preconditions.CheckIfMatch(http.Request, dossier.Version),
            Rule = (dossier, _) =>
            {
                var refusal = dossier.RefusalToEdit("modifier") ?? ProvenContactEmail.Check(form.Applicant.ContactEmail, user);
                if (refusal is null)
                {
                    dossier.Edit(form, time.GetUtcNow());
                }
                return Task.FromResult(refusal);
            },
            // Someone saved between this edit's read and its write: 412 like a stale If-Match. A returned candidature
            // moved to a place already candidate in its wave: 409.
            SaveRefusal = (exception, _) => Task.FromResult(exception is DbUpdateConcurrencyException
                ? CandidatureRefusals.ChangedSinceRead()
                : CandidatureDbContext.IsSecondActiveCandidatureOfPlaceInWave(exception) ? CandidatureRefusals.PlaceTaken() : null),
        }, ct);
    }
}
