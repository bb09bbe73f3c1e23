using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.ServiceDefaults.Http;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /</c>: a porteur starts a draft candidature and becomes its owner; its contact address is the one their token
/// proves (422 otherwise).
/// </summary>
public static class CreateCandidature
{
    public static RouteGroupBuilder MapCreateCandidature(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireRoles(Roles.Porteur)
            .WithName("CreateCandidature")
            .WithRequestExample(CandidatureRequest.Example)
            .WithSummary("Create a draft candidature (the caller becomes its owner)")
            .Produces<CandidatureResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        CandidatureRequest request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        if (request.Validate(errors) is not { } form)
        {
            return errors.ToProblem();
        }
        if (ProvenContactEmail.Check(form.Applicant.ContactEmail, user) is { } unproven)
        {
            return Problems.Refusals.ToProblem(unproven);
        }

        var create = new Command<Dossier>(
            _ => Task.FromResult<Dossier?>(db.Candidatures.Add(Dossier.Draft(form, user.Subject(), time.GetUtcNow())).Entity),
            dossier =>
            {
                response.SetETag(dossier.Version);
                return TypedResults.Created($"/api/candidatures/{dossier.Id}", CandidatureResponse.From(dossier));
            });
        return await CommandRunner.RunAsync(db, Problems.Refusals, create, ct);
    }
}
