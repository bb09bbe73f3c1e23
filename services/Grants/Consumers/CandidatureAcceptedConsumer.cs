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
/// Awards the grant of an accepted candidature, or refuses it when the envelope or a target would be overrun or the
/// place is already funded. Awards run one at a time on the programme's row lock, so racing acceptances never spend
/// the same place or euro twice. An acceptance that arrives after a later step of its candidature (a reopening) awards
/// nothing; a newer acceptance releases the grant of an older one first.
/// </summary>
public sealed class CandidatureAcceptedConsumer(
    GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureAcceptedConsumer> logger)
    : IdempotentConsumer<CandidatureAccepted, GrantsDbContext>(db, metrics, time)
{
    /// <summary>Who the ledger names when the event does not say which instructeur decided.</summary>
    public const string UnknownDecider = "candidature";

    protected override async Task HandleAsync(CandidatureAccepted accepted, CancellationToken cancellationToken)
    {
        var programme = await Db.LockProgrammeAsync(cancellationToken);
        var now = Time.GetUtcNow();
        var decidedBy = accepted.DecidedBy ?? UnknownDecider;
        var standing = await Db.Standings.SingleOrDefaultAsync(s => s.CandidatureId == accepted.CandidatureId, cancellationToken);
        if (standing is null)
        {
            standing = CandidatureStanding.Learn(accepted.CandidatureId, accepted.PlaceId, StandingState.Accepted, accepted.Sequence, now);
            Db.Standings.Add(standing);
        }
        else if (!standing.Move(StandingState.Accepted, accepted.Sequence, now))
        {
            logger.StaleAcceptance(accepted.CandidatureId, accepted.Sequence, standing.Sequence);
            await Compensation.ReleaseUnfundedAsync(Db, standing, decidedBy, now, logger, cancellationToken);
            return;
        }
        await Compensation.ReleaseUnfundedAsync(Db, standing, decidedBy, now, logger, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken); // the released grants no longer count in the usage below
        if (await Db.Grants.AnyAsync(g => g.CandidatureId == accepted.CandidatureId && g.Acceptance == accepted.Sequence, cancellationToken))
        {
            return; // accepted again under another event id: this acceptance's grant already exists
        }

        var terms = new GrantTerms(accepted.Territory, accepted.Digital, accepted.AmountPerYear, accepted.DurationYears);
        var refusals = programme.RefusalsOf(terms, await Db.UsageAsync(cancellationToken)).ToList();
        if (await Db.Grants.AnyAsync(g => g.PlaceId == accepted.PlaceId && g.State != GrantState.Cancelled, cancellationToken))
        {
            refusals.Add("Ce lieu bénéficie déjà d'une subvention active du programme : il ne peut pas être financé une seconde fois.");
        }
        if (refusals.Count > 0)
        {
            standing.RecordRefusal();
            Db.Publish(new GrantAwardRefused
            {
                OccurredAt = now,
                CandidatureId = accepted.CandidatureId,
                PlaceId = accepted.PlaceId,
                Reason = string.Join(" ", refusals),
                Acceptance = accepted.Sequence,
                OwnerId = accepted.OwnerId,
                Contact = accepted.Contact,
                ProjectTitle = accepted.ProjectTitle,
            });
            logger.AwardRefused(accepted.CandidatureId, string.Join(" ", refusals));
            return;
        }

        var beneficiary = new Beneficiary(accepted.CandidatureId, accepted.PlaceId, accepted.OwnerId, accepted.Contact,
            accepted.ProjectTitle, accepted.DepartmentCode, accepted.QpvCode);
        var grant = Grant.Award(beneficiary, terms, programme, decidedBy, now, accepted.Sequence);
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
            Acceptance = grant.Acceptance,
            Origin = grant.Origin,
        });
        logger.Awarded(grant.Id, grant.CandidatureId, grant.Total);
    }
}
