using System.Security.Claims;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.UseCases;

namespace Fabriques.Grants.Features;

/// <summary><c>POST /{id}/instalments/{year}/commit</c>: a gestionnaire commits (engage) an instalment, in year order.</summary>
public static class CommitInstalment
{
    public static RouteGroupBuilder MapCommitInstalment(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/instalments/{year:int}/commit", HandleAsync)
            .RequireRoles(Roles.Gestionnaire)
            .WithName("CommitInstalment")
            .WithSummary("Commit an instalment (planned → committed), in year order")
            .Produces<GrantResponse>()
            .ProducesGrantCommandProblems();
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, int year, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct) =>
        CommandRunner.RunAsync(db, GrantProblems.Refusals, GrantProblems.GrantChange(db, id, grant =>
        {
            var now = time.GetUtcNow();
            if ((grant.RefuseUnknownInstalment(year) ?? grant.Commit(year, user.Subject(), now)) is { } refusal)
            {
                return refusal;
            }
            var instalment = grant.FindInstalment(year)!;
            db.Publish(new InstalmentCommitted
            {
                OccurredAt = now,
                GrantId = grant.Id,
                CandidatureId = grant.CandidatureId,
                Year = year,
                Amount = instalment.Amount,
            });
            return null;
        }), ct);
}
