using Fabriques.Contracts.Directory;
using Fabriques.Grants.Data;
using Fabriques.Grants.Domain;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Grants.Consumers;

/// <summary>Keeps which labels the directory shows for which grant: the consistency check compares them with the grants held.</summary>
public sealed class PlaceLabelledConsumer(GrantsDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<PlaceLabelled, GrantsDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(PlaceLabelled e, CancellationToken cancellationToken)
    {
        var label = await Db.PlaceLabels.SingleOrDefaultAsync(
            l => l.PlaceId == e.PlaceId && l.GrantId == e.GrantId && l.Label == e.Label, cancellationToken);
        if (label is null)
        {
            Db.PlaceLabels.Add(PlaceLabelView.Learn(e.PlaceId, e.GrantId, e.Label, !e.Removed, e.OccurredAt));
        }
        else
        {
            label.Change(!e.Removed, e.OccurredAt);
        }
    }
}
