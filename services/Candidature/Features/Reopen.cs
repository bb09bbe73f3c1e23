using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.UseCases;
using Fabriques.ServiceDefaults.OpenApi;

namespace Fabriques.Candidature.Features;

/// <summary>
/// <c>POST /{id}/reopen</c>: a reviewer puts a decided candidature back under review, unless its grant already paid
/// an instalment (and was not cancelled since). An accepted one gives its laureate place back to the wave; the grants
/// service, told by <c>CandidatureReopened</c>, cancels its unpaid grant.
/// </summary>
public static class Reopen
{
    public static RouteGroupBuilder MapReopen(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/reopen", HandleAsync)
            .RequireRoles(Roles.Instructeur)
            .WithName("ReopenCandidature")
            .WithRequestExample(new Motivated("Un recours gracieux apporte des éléments nouveaux."))
            .WithSummary("Put a decided candidature back under review (motivation required)")
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
        return await CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, CandidatureAction.Reopen, ownerOnly: false, async (dossier, ct) =>
        {
            var grant = await db.CurrentGrantOfAsync(dossier.Id, ct);
            if (dossier.RefusalOf(CandidatureAction.Reopen, user.Subject(), grant) is { } refusal)
            {
                return refusal;
            }
            var step = dossier.Apply(CandidatureAction.Reopen, user.Subject(), time.GetUtcNow(), motivation, grant: grant);
            if (step.From == CandidatureState.Accepted)
            {
                await db.ReleaseLaureatePlaceAsync(dossier.WaveId!.Value, ct);
            }
            db.Publish(CandidatureEvents.Reopened(dossier, step));
            return null;
        }, response, logger), ct);
    }
}
