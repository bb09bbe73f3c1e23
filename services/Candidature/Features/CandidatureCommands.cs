using System.Security.Claims;
using Fabriques.Candidature.Data;
using Fabriques.Candidature.Domain;
using Fabriques.Candidature.Telemetry;
using Fabriques.Contracts;
using Fabriques.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Candidature.Features;

/// <summary>The commands on one candidature, as every candidature endpoint gives them to <see cref="CommandRunner"/>.</summary>
public static class CandidatureCommands
{
    /// <summary>The candidatures only <paramref name="user"/> owns: anyone else's answers 404, like an unknown one.</summary>
    public static IQueryable<Dossier> OwnedBy(this IQueryable<Dossier> candidatures, ClaimsPrincipal user)
    {
        var subject = user.Subject();
        return candidatures.Where(d => d.OwnerId == subject);
    }

    /// <summary>
    /// A change of candidature <paramref name="id"/>, found among <paramref name="candidatures"/> (404 otherwise).
    /// A save over a concurrent change (row version), or onto a place that already has an active candidature in the
    /// wave, is refused.
    /// </summary>
    public static Command<Dossier> Change(
        CandidatureDbContext db, Guid id, IQueryable<Dossier> candidatures, Func<Dossier, IResult> answer) =>
        new(token => candidatures.SingleOrDefaultAsync(d => d.Id == id, token), answer)
        {
            NotFound = CandidatureRefusals.CandidatureNotFound(id),
            SaveRefusal = (exception, _) => Task.FromResult(exception switch
            {
                DbUpdateConcurrencyException => CandidatureRefusals.ChangedMeanwhile(),
                _ when CandidatureDbContext.IsSecondActiveCandidatureOfPlaceInWave(exception) => CandidatureRefusals.PlaceTaken(),
                _ => null,
            }),
        };

    /// <summary>
    /// Moves candidature <paramref name="id"/> by <paramref name="action"/>: among those <paramref name="user"/> sees (and
    /// owns, when <paramref name="ownerOnly"/>), if the domain allows it (<see cref="Dossier.RefusalOf"/>), then
    /// <paramref name="step"/> applies it and publishes its event. Answered, once committed, with the candidature as it
    /// became and its current grant; the move is logged.
    /// </summary>
    public static Command<Dossier> Move(
        CandidatureDbContext db, ClaimsPrincipal user, Guid id, CandidatureAction action, bool ownerOnly,
        Func<Dossier, CancellationToken, Task<Refusal?>> step, HttpResponse response, ILogger<Dossier> logger)
    {
        var candidatures = db.Candidatures.VisibleTo(user, db);
        CandidatureState from = default;
        KnownGrant? grant = null;
        return Change(db, id, ownerOnly ? candidatures.OwnedBy(user) : candidatures, dossier =>
        {
            logger.Moved(dossier.Id, from, dossier.State);
            return CandidatureResults.Ok(response, dossier, grant);
        }) with
        {
            Rule = async (dossier, token) =>
            {
                from = dossier.State;
                if ((dossier.RefusalOf(action, user.Subject()) ?? await step(dossier, token)) is { } refusal)
                {
                    return refusal;
                }
                grant = await db.CurrentGrantOfAsync(dossier.Id, token);
                return null;
            },
        };
    }
}
