using Fabriques.Contracts.Candidature;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Grants.Telemetry;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>
/// Awards the grant of an accepted candidature, or refuses it when the envelope or a target would be overrun. Awards
/// run one at a time on the programme's row lock, so racing acceptances never spend the same place or euro twice.
/// </summary>
public sealed class CandidatureAcceptedConsumer(
    GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureAcceptedConsumer> logger)
    : IdempotentConsumer<CandidatureAccepted, GrantsDbContext>(db, metrics, time)
{
    /// <summary>Who the ledger names when the event does not say which instructeur accepted.</summary>
    public const string UnknownDecider = "candidature";

    protected override async Task HandleAsync(CandidatureAccepted accepted, CancellationToken cancellationToken)
    {
        var programme = await Db.LockProgrammeAsync(cancellationToken);
        if (await Db.Grants.AnyAsync(g => g.CandidatureId == accepted.CandidatureId, cancellationToken))
        {
            return; // accepted again under another event id: the grant already exists
        }

        var terms = new GrantTerms(accepted.Territory, accepted.Digital, accepted.AmountPerYear, accepted.DurationYears);
        var refusals = programme.RefusalsOf(terms, await Db.UsageAsync(cancellationToken));
        var now = Time.GetUtcNow();
        if (refusals.Count > 0)
        {
            Db.Publish(new GrantAwardRefused
            {
                OccurredAt = now,
                CandidatureId = accepted.CandidatureId,
                PlaceId = accepted.PlaceId,
                Reason = string.Join(" ", refusals),
            });
            logger.AwardRefused(accepted.CandidatureId, string.Join(" ", refusals));
            return;
        }

        var beneficiary = new Beneficiary(accepted.CandidatureId, accepted.PlaceId, accepted.OwnerId, accepted.Contact,
            accepted.ProjectTitle, accepted.DepartmentCode, accepted.QpvCode);
        var grant = Grant.Award(beneficiary, terms, programme, accepted.DecidedBy ?? UnknownDecider, now);
        Db.Grants.Add(grant);
        Db.Publish(new GrantAwarded
        {
            OccurredAt = now,
            GrantId = grant.Id,
            CandidatureId = grant.CandidatureId,
            PlaceId = grant.PlaceId,
            OwnerId = grant.OwnerId,
            Contact = grant.Contact,
            Territory = grant.Territory,
            Digital = grant.Digital,
            Total = grant.Total,
            Instalments = grant.Plan,
        });
        logger.Awarded(grant.Id, grant.CandidatureId, grant.Total);
    }
}
