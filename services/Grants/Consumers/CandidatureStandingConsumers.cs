using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>
/// A candidature left (or never reached) acceptance: its standing moves, and any grant it no longer funds is released.
/// Runs on the programme's lock, like awards, so a reopening and an acceptance of one candidature never interleave.
/// </summary>
public abstract class CandidatureStandingConsumer<TEvent>(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger logger)
    : IdempotentConsumer<TEvent, GrantsDbContext>(db, metrics, time)
    where TEvent : CandidatureEvent
{
    protected abstract StandingState State { get; }

    /// <summary>Who the ledger names when the release is caused by this event.</summary>
    protected abstract string By(TEvent @event);

    protected override async Task HandleAsync(TEvent @event, CancellationToken cancellationToken)
    {
        await Db.LockProgrammeAsync(cancellationToken);
        var now = Time.GetUtcNow();
        var standing = await Db.Standings.SingleOrDefaultAsync(s => s.CandidatureId == @event.CandidatureId, cancellationToken);
        if (standing is null)
        {
            standing = CandidatureStanding.Learn(@event.CandidatureId, @event.PlaceId, State, @event.Sequence, now);
            Db.Standings.Add(standing);
        }
        else
        {
            standing.Move(State, @event.Sequence, now);
        }
        // Even a step arriving late is a reason to look: the standing it lost to says what the grants must be.
        await Compensation.ReleaseUnfundedAsync(Db, standing, By(@event), now, logger, cancellationToken);
    }
}

public sealed class CandidatureReopenedConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureReopenedConsumer> logger)
    : CandidatureStandingConsumer<CandidatureReopened>(db, metrics, time, logger)
{
    protected override StandingState State => StandingState.Undecided;

    protected override string By(CandidatureReopened e) => e.DecidedBy ?? CandidatureAcceptedConsumer.UnknownDecider;
}

public sealed class CandidatureRejectedConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureRejectedConsumer> logger)
    : CandidatureStandingConsumer<CandidatureRejected>(db, metrics, time, logger)
{
    protected override StandingState State => StandingState.Rejected;

    protected override string By(CandidatureRejected e) => e.DecidedBy ?? CandidatureAcceptedConsumer.UnknownDecider;
}

public sealed class CandidatureDismissedConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureDismissedConsumer> logger)
    : CandidatureStandingConsumer<CandidatureDismissed>(db, metrics, time, logger)
{
    protected override StandingState State => StandingState.Dismissed;

    protected override string By(CandidatureDismissed e) => e.DecidedBy ?? CandidatureAcceptedConsumer.UnknownDecider;
}

public sealed class CandidatureWithdrawnConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time, ILogger<CandidatureWithdrawnConsumer> logger)
    : CandidatureStandingConsumer<CandidatureWithdrawn>(db, metrics, time, logger)
{
    protected override StandingState State => StandingState.Withdrawn;

    protected override string By(CandidatureWithdrawn e) => e.OwnerId;
}
