using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Grants.Telemetry;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>
/// Undoes the funding of acceptances that are no longer the candidature's latest word: each grant the candidature's
/// standing does not fund is cancelled (its unpaid money and its place in the targets released, <c>GrantCancelled</c>
/// published so the directory removes its label and the porteur is told). Idempotent: a cancelled grant stays so.
/// </summary>
public static class Compensation
{
    /// <summary>Motivation of the ledger and of <c>GrantCancelled</c> when a decision is undone.</summary>
    public const string DecisionUndone = "La décision d'attribution a été rouverte : la subvention est annulée et son montant non versé revient à l'enveloppe.";

    public static async Task ReleaseUnfundedAsync(
        GrantsDbContext db, CandidatureStanding standing, string by, DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        var heldIds = await db.Grants
            .Where(g => g.CandidatureId == standing.CandidatureId && g.Origin == GrantOrigin.Candidature && g.State == GrantState.Active)
            .Select(g => g.Id)
            .ToListAsync(ct);
        foreach (var id in heldIds)
        {
            var grant = (await db.LockGrantAsync(id, ct))!;
            if (standing.Funds(grant) || grant.State != GrantState.Active)
            {
                continue;
            }
            if (grant.HasPaidInstalment)
            {
                // Money was paid out: only a gestionnaire decides (the consistency check shows it meanwhile).
                logger.KeptPaid(grant.Id, grant.CandidatureId);
                continue;
            }
            grant.Cancel(DecisionUndone, by, now);
            db.Publish(Cancelled(grant, GrantCancellationCause.DecisionUndone, now));
            logger.Released(grant.Id, grant.CandidatureId, standing.State.ToString(), standing.Sequence);
        }
    }

    /// <summary>The event of a cancelled grant, whoever cancelled it.</summary>
    public static GrantCancelled Cancelled(Grant grant, GrantCancellationCause cause, DateTimeOffset now) => new()
    {
        OccurredAt = now,
        GrantId = grant.Id,
        CandidatureId = grant.CandidatureId,
        PlaceId = grant.PlaceId,
        Motivation = grant.CancellationMotivation!,
        ReturnedToEnvelope = grant.ReturnedToEnvelope,
        Acceptance = grant.Acceptance,
        Cause = cause,
        OwnerId = grant.OwnerId,
        Contact = grant.Contact,
    };
}
