using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary><c>POST /{id}/return</c>: a reviewer asks the porteur for corrections; the owner edits and submits again.</summary>
public static class Return
{
    public static RouteGroupBuilder MapReturn(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/return", HandleAsync)
            .RequireRoles(Roles.Instructeur)
            .WithName("ReturnCandidature")
            .WithRequestExample(new Motivated("Joignez le budget prévisionnel des trois années."))
            .WithSummary("Ask the porteur for corrections (under-review → returned; motivation required)")
            .Produces<CandidatureResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        Guid id, Motivated request, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response,
        ILogger<Dossier> logger, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var motivation = Motivated.Read(request.Motivation, required: true, errors);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        return await CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, CandidatureAction.Return, ownerOnly: false, (dossier, _) =>
        {
            var step = dossier.Apply(CandidatureAction.Return, user.Subject(), time.GetUtcNow(), motivation);
            db.Publish(CandidatureEvents.Returned(dossier, step));
            return Task.FromResult<Refusal?>(null);
        }, response, logger), ct);
    }
}
