using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Contracts;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Candidature.Features;

/// <summary><c>POST /{id}/withdraw</c>: the owner withdraws a candidature that is not decided yet; <c>CandidatureWithdrawn</c> tells the others.</summary>
public static class Withdraw
{
    public static RouteGroupBuilder MapWithdraw(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/withdraw", HandleAsync)
            .RequireRoles(Roles.Porteur)
            .WithName("WithdrawCandidature")
            .WithSummary("Withdraw a candidature before any decision")
            .Produces<CandidatureResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, ClaimsPrincipal user, CandidatureDbContext db, TimeProvider time, HttpResponse response, ILogger<Dossier> logger,
        CancellationToken ct) =>
        CommandRunner.RunAsync(db, Problems.Refusals, CandidatureCommands.Move(db, user, id, CandidatureAction.Withdraw, ownerOnly: true, (dossier, _) =>
        {
            var step = dossier.Apply(CandidatureAction.Withdraw, user.Subject(), time.GetUtcNow());
            db.Publish(CandidatureEvents.Withdrawn(dossier, step));
            return Task.FromResult<Refusal?>(null);
        }, response, logger), ct);
}
