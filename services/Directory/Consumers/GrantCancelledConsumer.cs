using Fabriques.Contracts.Directory;
using Fabriques.Contracts.Grants;
using Fabriques.Directory.Data;
using Fabriques.Messaging;
using Fabriques.Messaging.Inbox;
using Fabriques.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Fabriques.Directory.Consumers;

/// <summary>A cancelled grant takes its label away: <c>PlaceLabelled</c> is published with <c>removed</c>.</summary>
public sealed class GrantCancelledConsumer(DirectoryDbContext db, MessagingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<GrantCancelled, DirectoryDbContext>(db, metrics, time)
{
    protected override async Task HandleAsync(GrantCancelled cancelled, CancellationToken cancellationToken)
    {
        var place = await Db.Places.SingleOrDefaultAsync(p => p.Id == cancelled.PlaceId, cancellationToken);
        var now = Time.GetUtcNow();
        if (place?.RemoveLabel(cancelled.GrantId, now) is { } removed)
        {
            Db.Publish(new PlaceLabelled
            {
                PlaceId = place.Id, OccurredAt = now, Label = removed.Label, Since = removed.Since, GrantId = removed.GrantId, Removed = true,
            });
        }
    }
}
