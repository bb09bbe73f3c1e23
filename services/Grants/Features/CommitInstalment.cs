using System.Security.Claims;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Messaging.Outbox;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Grants.Features;

/// <summary><c>POST /{id}/instalments/{year}/commit</c>: a gestionnaire commits (engage) an instalment, in year order.</summary>
public static class CommitInstalment
{
    public static RouteGroupBuilder MapCommitInstalment(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/instalments/{year:int}/commit", HandleAsync)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gestionnaire))
            .WithName("CommitInstalment")
            .WithSummary("Commit an instalment (planned → committed), in year order")
            .Produces<GrantResponse>()
            .ProducesGrantCommandProblems();
        return group;
    }

    private static Task<IResult> HandleAsync(
        Guid id, int year, ClaimsPrincipal user, GrantsDbContext db, TimeProvider time, CancellationToken ct) =>
        GrantCommand.RunAsync(db, id, grant =>
        {
            if (grant.FindInstalment(year) is not { } instalment)
            {
                return GrantProblems.InstalmentNotFound(grant, year);
            }
            var now = time.GetUtcNow();
            if (grant.Commit(year, user.FindFirstValue("sub")!, now) is { } refusal)
            {
                return GrantProblems.Conflict(refusal);
            }
            db.Publish(new InstalmentCommitted
            {
                OccurredAt = now,
                GrantId = grant.Id,
                CandidatureId = grant.CandidatureId,
                Year = year,
                Amount = instalment.Amount,
            });
            return null;
        }, ct);
}
