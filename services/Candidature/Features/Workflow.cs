using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Candidature.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary>
/// Runs one action on one candidature: in a transaction, retried as a whole on a transient failure, with the
/// refusals every action shares (404 not yours or outside the caller's régions, 409 wrong state, 409 changed meanwhile, 409 place already candidate).
/// </summary>
public static class Workflow
{
    /// <summary>What the action does once the candidature is found and its state allows it: null to commit, or a refusal.</summary>
    public delegate Task<IResult?> Step(Dossier dossier, CancellationToken cancellationToken);

    public static async Task<IResult> RunAsync(
        CandidatureDbContext db, HttpResponse response, ClaimsPrincipal user, Guid id, CandidatureAction action, bool ownerOnly,
        Step step, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var dossier = await db.Candidatures.VisibleTo(user, db).SingleOrDefaultAsync(d => d.Id == id, ct);
                if (dossier is null || (ownerOnly && dossier.OwnerId != user.Subject()))
                {
                    return Problems.CandidatureNotFound(id);
                }
                if (Lifecycle.IsInstruction(action) && dossier.OwnerId == user.Subject())
                {
                    return Problems.OwnCandidature(action);
                }
                if (!dossier.Allows(action))
                {
                    return Problems.InvalidTransition(dossier.State, action);
                }
                var from = dossier.State;
                if (await step(dossier, ct) is { } refusal)
                {
                    return refusal; // rolled back: nothing of the step is kept
                }
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                response.HttpContext.RequestServices.GetRequiredService<ILogger<Dossier>>().Moved(dossier.Id, from, dossier.State);
                return CandidatureResults.Ok(response, dossier, await db.CurrentGrantOfAsync(dossier.Id, ct));
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        catch (DbUpdateException exception) when (CandidatureDbContext.IsSecondActiveCandidatureOfPlaceInWave(exception))
        {
            return Problems.PlaceAlreadyCandidate();
        }
    }
}
