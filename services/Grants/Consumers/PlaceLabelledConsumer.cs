using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>
/// Keeps which labels the directory shows for which grant: the consistency check compares them with the grants held.
/// A label given for a grant already cancelled (its <c>GrantAwarded</c> reached the directory after its
/// <c>GrantCancelled</c>) is answered with the cancellation again, so the directory removes it; that reminder names
/// no porteur, so nobody is e-mailed twice.
/// </summary>
public sealed class PlaceLabelledConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceLabelled, GrantsDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(PlaceLabelled e, CancellationToken cancellationToken)
    {
        var label = await Db.PlaceLabels.SingleOrDefaultAsync(
            l => l.PlaceId == e.PlaceId && l.GrantId == e.GrantId && l.Label == e.Label, cancellationToken);
        if (label is null)
        {
            label = PlaceLabelView.Learn(e.PlaceId, e.GrantId, e.Label, !e.Removed, e.OccurredAt);
            Db.PlaceLabels.Add(label);
        }
        else
        {
            label.Change(!e.Removed, e.OccurredAt);
        }

        if (label.Held && await Db.Grants.AsNoTracking().Include(g => g.Instalments)
                .SingleOrDefaultAsync(g => g.Id == e.GrantId && g.State == GrantState.Cancelled, cancellationToken) is { } cancelled)
        {
            var cause = cancelled.CancellationMotivation == Compensation.DecisionUndone
                ? GrantCancellationCause.DecisionUndone
                : GrantCancellationCause.Gestionnaire;
            Db.Publish(Compensation.Cancelled(cancelled, cause, Time.GetUtcNow()) with { OwnerId = null, Contact = null });
        }
    }
}
